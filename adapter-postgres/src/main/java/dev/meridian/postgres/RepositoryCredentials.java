package dev.meridian.postgres;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.out.Credentials;
import dev.meridian.postgres.data.AccountTokenRepository;
import dev.meridian.postgres.data.AccountTokenRow;
import dev.meridian.postgres.data.ApiKeyRepository;
import dev.meridian.postgres.data.ApiKeyRow;
import java.util.List;
import java.util.Optional;

/**
 * {@link Credentials} on the Micronaut Data JDBC repositories: what the server uses. Without a Micronaut
 * context ({@link PostgresStorage#open}) the plain-JDBC {@link PostgresCredentials} does the same.
 */
public final class RepositoryCredentials implements Credentials {

    private final ApiKeyRepository apiKeys;
    private final AccountTokenRepository accountTokens;

    public RepositoryCredentials(ApiKeyRepository apiKeys, AccountTokenRepository accountTokens) {
        this.apiKeys = apiKeys;
        this.accountTokens = accountTokens;
    }

    @Override
    public void saveApiKey(ApiKey key) {
        StorageFailures.translating("saving an API key", () -> {
            apiKeys.upsert(key.hash(), key.websiteId(), key.createdAt(),
                    key.id() != null ? key.id() : PostgresCredentials.randomKeyId(), key.prefix());
            return null;
        });
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return StorageFailures.translating("reading an API key", () -> apiKeys.findByHash(hash)).map(ApiKeyRow::toApiKey);
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return StorageFailures.translating("listing API keys",
                () -> apiKeys.keysOfWebsite(websiteId)).stream()
                .map(ApiKeyRow::toApiKey).toList();
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        return StorageFailures.translating("deleting an API key",
                () -> apiKeys.deleteByWebsiteIdAndKeyId(websiteId, keyId)) > 0;
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        AccountTokenRow row = AccountTokenRow.of(token);
        StorageFailures.translating("saving an account token", () -> {
            accountTokens.upsert(row.hash(), row.permissions(), row.websiteIds(), row.createdAt());
            return null;
        });
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return StorageFailures.translating("reading an account token", () -> accountTokens.findByHash(hash))
                .map(AccountTokenRow::toAccountToken);
    }

    @Override
    public boolean hasAccountTokens() {
        return StorageFailures.translating("checking for account tokens", accountTokens::anyStored);
    }
}
