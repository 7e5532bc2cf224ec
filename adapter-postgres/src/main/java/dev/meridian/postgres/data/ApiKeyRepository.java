package dev.meridian.postgres.data;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code api_keys} table through Micronaut Data JDBC. */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Requires(property = Repositories.CONTEXT_PROPERTY, value = "true")
public interface ApiKeyRepository extends GenericRepository<ApiKeyRow, String> {

    Optional<ApiKeyRow> findByHash(String hash);

    /** A website's keys, oldest first. */
    @Query("select hash, website_id, created_at, key_id, prefix from api_keys where website_id = :websiteId "
            + "order by created_at, key_id")
    List<ApiKeyRow> keysOfWebsite(String websiteId);

    /** @return how many rows were deleted (0 or 1) */
    int deleteByWebsiteIdAndKeyId(String websiteId, String keyId);

    /** Inserts the key or replaces the stored one with the same hash. */
    @Query("insert into api_keys (hash, website_id, created_at, key_id, prefix) "
            + "values (:hash, :websiteId, :createdAt, :keyId, :prefix) on conflict (hash) do update set "
            + "website_id = excluded.website_id, created_at = excluded.created_at, key_id = excluded.key_id, "
            + "prefix = excluded.prefix")
    void upsert(String hash, String websiteId, Instant createdAt, String keyId, @Nullable String prefix);
}
