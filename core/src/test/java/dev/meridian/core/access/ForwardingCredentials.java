package dev.meridian.core.access;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.out.Credentials;
import java.util.List;
import java.util.Optional;

/** A {@link Credentials} that hands every call to another, for tests that count or break some of them. */
class ForwardingCredentials implements Credentials {

    private final Credentials target;

    ForwardingCredentials(Credentials target) {
        this.target = target;
    }

    @Override
    public void saveApiKey(ApiKey key) {
        target.saveApiKey(key);
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return target.apiKeyByHash(hash);
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return target.apiKeysOf(websiteId);
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        return target.deleteApiKey(websiteId, keyId);
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        target.saveAccountToken(token);
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return target.accountTokenByHash(hash);
    }

    @Override
    public boolean hasAccountTokens() {
        return target.hasAccountTokens();
    }

    @Override
    public List<AccountToken> accountTokens() {
        return target.accountTokens();
    }

    @Override
    public Optional<AccountToken> accountTokenById(String tokenId) {
        return target.accountTokenById(tokenId);
    }

    @Override
    public boolean saveFirstAccountToken(AccountToken token) {
        return target.saveFirstAccountToken(token);
    }

    @Override
    public List<AccountToken> replaceAdminToken(AccountToken token) {
        return target.replaceAdminToken(token);
    }

    @Override
    public TokenDeletion deleteAccountToken(String tokenId) {
        return target.deleteAccountToken(tokenId);
    }
}
