package dev.meridian.postgres.data;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code account_tokens} table through Micronaut Data JDBC. The operations that read and then write take
 * {@link #lockUntilCommit} first, in one transaction (see {@code RepositoryCredentials}).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Requires(property = Repositories.CONTEXT_PROPERTY, value = "true")
public interface AccountTokenRepository extends GenericRepository<AccountTokenRow, String> {

    Optional<AccountTokenRow> findByHash(String hash);

    Optional<AccountTokenRow> findByTokenId(String tokenId);

    /** Every token, oldest first, then by id. */
    List<AccountTokenRow> listOrderByCreatedAtAndTokenId();

    /** The tokens marked as the admin token, but for the one with {@code hash}. */
    List<AccountTokenRow> findByAdminTokenTrueAndHashNotEqual(String hash);

    /** Whether any token is stored. */
    @Query("select exists (select 1 from account_tokens)")
    boolean anyStored();

    /** Whether a token other than {@code tokenId} has permission {@code *} on every website (no website listed). */
    @Query("select exists (select 1 from account_tokens where '*' = any (permissions) "
            + "and cardinality(website_ids) = 0 and token_id <> :tokenId)")
    boolean anotherHasFullAccess(String tokenId);

    /**
     * Takes the transaction-scoped advisory lock {@code key}: held until the current transaction ends, against every
     * other transaction that takes it, on whichever node. Outside a transaction it would be released at once.
     */
    @Query("select true from pg_advisory_xact_lock(:key)")
    boolean lockUntilCommit(long key);

    /** Inserts the token or replaces every column of the stored one with the same hash. */
    @Query("insert into account_tokens (hash, permissions, website_ids, created_at, token_id, prefix, admin_token) "
            + "values (:hash, :permissions, :websiteIds, :createdAt, :tokenId, :prefix, :adminToken) "
            + "on conflict (hash) do update set permissions = excluded.permissions, website_ids = excluded.website_ids, "
            + "created_at = excluded.created_at, token_id = excluded.token_id, prefix = excluded.prefix, "
            + "admin_token = excluded.admin_token")
    void upsert(String hash, @TypeDef(type = DataType.STRING_ARRAY) String[] permissions,
            @TypeDef(type = DataType.STRING_ARRAY) String[] websiteIds, Instant createdAt, String tokenId,
            @Nullable String prefix, boolean adminToken);

    /**
     * Inserts the admin token; a stored token with the same hash is marked instead and given its permissions and
     * websites, keeping its id, creation time and (if it has one) prefix.
     */
    @Query("insert into account_tokens (hash, permissions, website_ids, created_at, token_id, prefix, admin_token) "
            + "values (:hash, :permissions, :websiteIds, :createdAt, :tokenId, :prefix, :adminToken) "
            + "on conflict (hash) do update set permissions = excluded.permissions, website_ids = excluded.website_ids, "
            + "admin_token = true, prefix = coalesce(account_tokens.prefix, excluded.prefix)")
    void upsertAdminToken(String hash, @TypeDef(type = DataType.STRING_ARRAY) String[] permissions,
            @TypeDef(type = DataType.STRING_ARRAY) String[] websiteIds, Instant createdAt, String tokenId,
            @Nullable String prefix, boolean adminToken);

    /** @return how many rows were deleted (0 or 1) */
    int deleteByTokenId(String tokenId);

    /** @return how many rows were deleted */
    int deleteByTokenIdIn(Collection<String> tokenIds);
}
