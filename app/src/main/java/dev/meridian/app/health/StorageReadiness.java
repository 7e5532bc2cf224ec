package dev.meridian.app.health;

import dev.meridian.postgres.PostgresStorage;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;

/**
 * Readiness of the PostgreSQL storage: UP when the database answers and every migration of its schema history
 * succeeded (one query on {@code flyway_schema_history}, at most {@value #TIMEOUT_SECONDS} s, on the blocking
 * executor). DOWN otherwise, with a fixed reason and never the database's message (it may name hosts). Exists
 * only with PostgreSQL storage ({@code meridian.storage=memory} has nothing to wait for).
 */
@Singleton
@Readiness
@Requires(beans = PostgresStorage.class)
public class StorageReadiness implements HealthIndicator {

    static final String NAME = "storage";
    static final int TIMEOUT_SECONDS = 2;
    /** Rows of the schema history, and whether all of them succeeded (null without rows). */
    private static final String MIGRATED = "select count(*), bool_and(success) from flyway_schema_history";

    private final DataSource dataSource;
    private final ExecutorService blocking;

    /** The storage's own pool, not the {@code default} DataSource, which Micronaut Data wraps for its transactions. */
    public StorageReadiness(PostgresStorage storage, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.dataSource = storage.dataSource();
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::check, blocking));
    }

    HealthResult check() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery(MIGRATED)) {
                rs.next();
                long migrations = rs.getLong(1);
                boolean allSucceeded = rs.getBoolean(2);
                if (migrations == 0 || !allSucceeded) {
                    return result(HealthStatus.DOWN, "schema migrations have not all run");
                }
                return result(HealthStatus.UP, "database answers; " + migrations + " migrations applied");
            }
        } catch (SQLException | RuntimeException e) {
            return result(HealthStatus.DOWN, "database does not answer");
        }
    }

    private static HealthResult result(HealthStatus status, String state) {
        return HealthResult.builder(NAME, status).details(Map.of("state", state)).build();
    }
}
