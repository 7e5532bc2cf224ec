package dev.meridian.core.store;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.out.Credentials;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The API keys and account tokens of the {@link InMemoryStore}, by hash. The check-then-write operations on tokens
 * hold the token map's monitor.
 */
final class InMemoryCredentials implements Credentials {

    private final ConcurrentMap<String, ApiKey> apiKeys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AccountToken> accountTokens = new ConcurrentHashMap<>();

    @Override
    public void saveApiKey(ApiKey key) {
        apiKeys.put(key.hash(), key);
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return Optional.ofNullable(apiKeys.get(hash));
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return apiKeys.values().stream()
                .filter(key -> key.websiteId().equals(websiteId))
                .sorted(Comparator.comparing(ApiKey::createdAt)
                        .thenComparing(ApiKey::id, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        boolean deleted = false;
        for (ApiKey key : apiKeys.values()) {
            if (key.websiteId().equals(websiteId) && keyId.equals(key.id())) {
                deleted |= apiKeys.remove(key.hash(), key);
            }
        }
        return deleted;
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        synchronized (accountTokens) {
            accountTokens.put(token.hash(), withId(token));
        }
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return Optional.ofNullable(accountTokens.get(hash));
    }

    @Override
    public boolean hasAccountTokens() {
        return !accountTokens.isEmpty();
    }

    @Override
    public List<AccountToken> accountTokens() {
        return accountTokens.values().stream()
                .sorted(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id))
                .toList();
    }

    @Override
    public Optional<AccountToken> accountTokenById(String tokenId) {
        return accountTokens.values().stream().filter(token -> token.id().equals(tokenId)).findFirst();
    }

    @Override
    public boolean saveFirstAccountToken(AccountToken token) {
        synchronized (accountTokens) {
            if (!accountTokens.isEmpty()) {
                return false;
            }
            accountTokens.put(token.hash(), withId(token));
            return true;
        }
    }

    @Override
    public List<AccountToken> replaceAdminToken(AccountToken token) {
        synchronized (accountTokens) {
            List<AccountToken> replaced = accountTokens.values().stream()
                    .filter(stored -> stored.adminToken() && !stored.hash().equals(token.hash()))
                    .sorted(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id))
                    .toList();
            replaced.forEach(stored -> accountTokens.remove(stored.hash()));
            AccountToken kept = accountTokens.get(token.hash());
            accountTokens.put(token.hash(), kept == null ? withId(token)
                    : new AccountToken(kept.hash(), token.permissions(), token.websiteIds(), kept.createdAt(), kept.id(),
                            kept.prefix() != null ? kept.prefix() : token.prefix(), true));
            return replaced;
        }
    }

    @Override
    public TokenDeletion deleteAccountToken(String tokenId) {
        synchronized (accountTokens) {
            Optional<AccountToken> token = accountTokenById(tokenId);
            if (token.isEmpty()) {
                return TokenDeletion.NOT_FOUND;
            }
            if (token.get().hasFullAccess() && accountTokens.values().stream()
                    .noneMatch(other -> other.hasFullAccess() && !other.hash().equals(token.get().hash()))) {
                return TokenDeletion.LAST_FULL_ACCESS;
            }
            accountTokens.remove(token.get().hash());
            return TokenDeletion.DELETED;
        }
    }

    /** The token, with a random id (24 hex digits, as the other ids) when it has none. */
    private static AccountToken withId(AccountToken token) {
        if (token.id() != null) {
            return token;
        }
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return token.withId(HexFormat.of().formatHex(id));
    }
}
