package dev.meridian.postgres.data;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** The {@code api_keys} table through Micronaut Data JDBC. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends GenericRepository<ApiKeyRow, String> {

    Optional<ApiKeyRow> findByHash(String hash);

    /** Inserts the key or replaces the stored one with the same hash. */
    @Query("insert into api_keys (hash, website_id, created_at) values (:hash, :websiteId, :createdAt) "
            + "on conflict (hash) do update set website_id = excluded.website_id, created_at = excluded.created_at")
    void upsert(String hash, String websiteId, Instant createdAt);
}
