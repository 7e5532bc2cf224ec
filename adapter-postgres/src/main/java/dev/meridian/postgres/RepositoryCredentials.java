package dev.meridian.postgres;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.out.Credentials;
import dev.meridian.postgres.data.AccountTokenRepository;
import dev.meridian.postgres.data.AccountTokenRow;
import dev.meridian.postgres.data.ApiKeyRepository;
import dev.meridian.postgres.data.ApiKeyRow;
import io.micronaut.transaction.TransactionOperations;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Credentials} on PostgreSQL: the {@code api_keys} and {@code account_tokens} tables through the Micronaut Data
 * JDBC repositories (see {@link LookupTables}). What {@link PostgresStorage#credentials()} is, with or without a
 * Micronaut application.
 *
 * <p>The account-token operations that read and then write run in one transaction of Micronaut Data's transaction
 * manager on the storage's pool, which first takes a transaction-scoped advisory lock: every node on the database
 * takes the same one, so nodes starting together make one admin token and two revocations at once never leave no
 * token with full access. The repositories' calls inside join that transaction.
 */
public final class RepositoryCredentials implements Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Serialises the account-token operations that read and then write, across every node on the database. */
    private static final long ACCOUNT_TOKENS_LOCK = 0x4d65726964_02L;
    private static final int MAX_ATTEMPTS = 5;

    private final ApiKeyRepository apiKeys;
    private final AccountTokenRepository accountTokens;
    private final TransactionOperations<Connection> transactions;

    RepositoryCredentials(ApiKeyRepository apiKeys, AccountTokenRepository accountTokens,
            TransactionOperations<Connection> transactions) {
        this.apiKeys = apiKeys;
        this.accountTokens = accountTokens;
        this.transactions = transactions;
    }

    @Override
    public void saveApiKey(ApiKey key) {
        StorageFailures.translating("saving an API key", () -> {
            apiKeys.upsert(key.hash(), key.websiteId(), key.createdAt(), key.id() != null ? key.id() : randomKeyId(),
                    key.prefix());
            return null;
        });
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return StorageFailures.translating("reading an API key", () -> apiKeys.findByHash(hash)).map(ApiKeyRow::toApiKey);
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return StorageFailures.translating("listing API keys", () -> apiKeys.keysOfWebsite(websiteId)).stream()
                .map(ApiKeyRow::toApiKey).toList();
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        return StorageFailures.translating("deleting an API key",
                () -> apiKeys.deleteByWebsiteIdAndKeyId(websiteId, keyId)) > 0;
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        StorageFailures.translating("saving an account token", () -> {
            upsert(token);
            return null;
        });
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return StorageFailures.translating("reading an account token", () -> accountTokens.findByHash(hash))
                .map(AccountTokenRow::toAccountToken);
    }

    @Override
    public Optional<AccountToken> accountTokenById(String tokenId) {
        return StorageFailures.translating("reading an account token", () -> accountTokens.findByTokenId(tokenId))
                .map(AccountTokenRow::toAccountToken);
    }

    @Override
    public List<AccountToken> accountTokens() {
        return StorageFailures.translating("listing account tokens", accountTokens::listOrderByCreatedAtAndTokenId)
                .stream().map(AccountTokenRow::toAccountToken).toList();
    }

    @Override
    public boolean hasAccountTokens() {
        return StorageFailures.translating("checking for account tokens", accountTokens::anyStored);
    }

    @Override
    public boolean saveFirstAccountToken(AccountToken token) {
        return inLockedTransaction("saving the first account token", () -> {
            if (accountTokens.anyStored()) {
                return false;
            }
            upsert(token);
            return true;
        });
    }

    @Override
    public List<AccountToken> replaceAdminToken(AccountToken token) {
        return inLockedTransaction("replacing the admin token", () -> {
            List<AccountTokenRow> replaced = accountTokens.findByAdminTokenTrueAndHashNotEqual(token.hash());
            if (!replaced.isEmpty()) {
                accountTokens.deleteByTokenIdIn(replaced.stream().map(AccountTokenRow::tokenId).toList());
            }
            // stored already (the same setting at the next start, or an issued token now configured): marked, given
            // the admin token's permissions and websites, its id and creation time kept
            AccountTokenRow row = AccountTokenRow.of(token, token.id() != null ? token.id() : randomKeyId());
            accountTokens.upsertAdminToken(row.hash(), row.permissions(), row.websiteIds(), row.createdAt(),
                    row.tokenId(), row.prefix(), row.adminToken());
            return replaced.stream().map(AccountTokenRow::toAccountToken)
                    .sorted(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id))
                    .toList();
        });
    }

    @Override
    public TokenDeletion deleteAccountToken(String tokenId) {
        return inLockedTransaction("revoking an account token", () -> {
            Optional<AccountTokenRow> row = accountTokens.findByTokenId(tokenId);
            if (row.isEmpty()) {
                return TokenDeletion.NOT_FOUND;
            }
            if (row.get().toAccountToken().hasFullAccess() && !accountTokens.anotherHasFullAccess(tokenId)) {
                return TokenDeletion.LAST_FULL_ACCESS;
            }
            accountTokens.deleteByTokenId(tokenId);
            return TokenDeletion.DELETED;
        });
    }

    private void upsert(AccountToken token) {
        AccountTokenRow row = AccountTokenRow.of(token, token.id() != null ? token.id() : randomKeyId());
        accountTokens.upsert(row.hash(), row.permissions(), row.websiteIds(), row.createdAt(), row.tokenId(),
                row.prefix(), row.adminToken());
    }

    /**
     * Runs {@code work} in one transaction holding the account tokens' advisory lock; run again on serialization
     * failure or deadlock (as the storage's JDBC transactions are), failures translated as the ports promise.
     */
    private <T> T inLockedTransaction(String doing, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.executeWrite(status -> {
                    accountTokens.lockUntilCommit(ACCOUNT_TOKENS_LOCK);
                    return work.get();
                });
            } catch (RuntimeException e) {
                SQLException sql = StorageFailures.sqlCause(e);
                if (sql == null) {
                    throw e;
                }
                if (!StorageFailures.isRetryable(sql) || attempt >= MAX_ATTEMPTS) {
                    throw StorageFailures.translate(doing, sql);
                }
            }
        }
    }

    /** The id of a key or token saved without one: 12 random bytes in hex, as the other ids look. */
    static String randomKeyId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
