package dev.meridian.postgres.data;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** The {@code account_tokens} table through Micronaut Data JDBC. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AccountTokenRepository extends GenericRepository<AccountTokenRow, String> {

    Optional<AccountTokenRow> findByHash(String hash);

    /** Whether any token is stored. */
    @Query("select exists (select 1 from account_tokens)")
    boolean anyStored();

    /** Inserts the token or replaces the stored one with the same hash. */
    @Query("insert into account_tokens (hash, permissions, website_ids, created_at) "
            + "values (:hash, :permissions, :websiteIds, :createdAt) on conflict (hash) do update set "
            + "permissions = excluded.permissions, website_ids = excluded.website_ids, created_at = excluded.created_at")
    void upsert(String hash, @TypeDef(type = DataType.STRING_ARRAY) String[] permissions,
            @TypeDef(type = DataType.STRING_ARRAY) String[] websiteIds, Instant createdAt);
}
