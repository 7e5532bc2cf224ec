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
import java.util.List;
import java.util.Optional;

/** The {@code websites} table through Micronaut Data JDBC (queries generated at compile time). */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Requires(property = Repositories.CONTEXT_PROPERTY, value = "true")
public interface WebsiteRepository extends GenericRepository<WebsiteRow, String> {

    Optional<WebsiteRow> findById(String id);

    Optional<WebsiteRow> findByTrackingId(String trackingId);

    List<WebsiteRow> listOrderByCreatedAtAndId();

    /** Inserts the website or replaces the stored one with the same id. */
    @Query("insert into websites (id, tracking_id, domain, name, currency, timezone, allowed_hostnames, created_at) "
            + "values (:id, :trackingId, :domain, :name, :currency, :timezone, :allowedHostnames, :createdAt) "
            + "on conflict (id) do update set tracking_id = excluded.tracking_id, domain = excluded.domain, "
            + "name = excluded.name, currency = excluded.currency, timezone = excluded.timezone, "
            + "allowed_hostnames = excluded.allowed_hostnames, created_at = excluded.created_at")
    void upsert(String id, String trackingId, String domain, @Nullable String name, String currency, String timezone,
            @TypeDef(type = DataType.STRING_ARRAY) String[] allowedHostnames, Instant createdAt);
}
