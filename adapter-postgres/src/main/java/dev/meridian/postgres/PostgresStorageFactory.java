package dev.meridian.postgres;

import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import dev.meridian.postgres.data.AccountTokenRepository;
import dev.meridian.postgres.data.ApiKeyRepository;
import dev.meridian.postgres.data.WebsiteRepository;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The storage ports as Micronaut beans. Active whenever this module is on the classpath and
 * {@code meridian.storage} is {@code postgres} or unset; with {@code meridian.storage=memory} none of these
 * beans exists and no database is started.
 *
 * <p>Properties (each also as an environment variable, e.g. {@code MERIDIAN_DB_URL}):
 * {@code meridian.data-dir} (default {@code ~/.meridian}; the embedded database lives in its
 * {@code postgres} folder), {@code meridian.db.url}, {@code meridian.db.user}, {@code meridian.db.password}
 * (an external PostgreSQL instead of the embedded one), {@code meridian.db.embedded-port} (default 0: any
 * free port), {@code meridian.db.pool-size} (16), {@code meridian.db.writer-threads} (2),
 * {@code meridian.db.retention-days} (0: keep every event), {@code meridian.db.website-cache-ttl} (5s: how long
 * a website found by tracking id is remembered, see {@link CachedWebsites}; 0 turns it off).
 *
 * <p>Websites and credentials go through Micronaut Data JDBC repositories on the storage's pool, exposed as the
 * {@code default} DataSource. Micronaut Data reads its settings for that DataSource from
 * {@code datasources.default.*}, so the application must set {@code datasources.default.dialect=POSTGRES}
 * (start-up fails naming it otherwise); nothing else under {@code datasources} is needed or read.
 */
@Factory
@Requires(property = PostgresStorageFactory.STORAGE, value = "postgres", defaultValue = "postgres")
public class PostgresStorageFactory {

    public static final String STORAGE = "meridian.storage";

    /** Created when the application context starts, so the schema is migrated at start-up. */
    @Context
    @Bean(preDestroy = "close")
    PostgresStorage postgresStorage(
            @Value("${meridian.data-dir:}") String dataDir,
            @Value("${meridian.db.url:}") String url,
            @Value("${meridian.db.user:}") String user,
            @Value("${meridian.db.password:}") String password,
            @Value("${meridian.db.embedded-port:0}") int embeddedPort,
            @Value("${meridian.db.pool-size:16}") int poolSize,
            @Value("${meridian.db.writer-threads:2}") int writerThreads,
            @Value("${meridian.db.retention-days:0}") int retentionDays,
            @Value("${datasources.default.dialect:}") String dataDialect) {
        if (!"POSTGRES".equalsIgnoreCase(dataDialect)) {
            throw new IllegalStateException("set datasources.default.dialect=POSTGRES: Micronaut Data JDBC reads its "
                    + "settings for the storage's DataSource from datasources.default (found '" + dataDialect + "')");
        }
        StorageSettings defaults = StorageSettings.embedded(dataDirectory(dataDir));
        StorageSettings settings = defaults
                .withDatabase(url, blankToNull(user), blankToNull(password))
                .withEmbeddedPort(embeddedPort)
                .withPool(poolSize, writerThreads, defaults.maxBatch())
                .withRetentionDays(retentionDays);
        return PostgresStorage.openClosedByOwner(settings); // the context closes it after draining requests
    }

    @Singleton
    EventLog eventLog(PostgresStorage storage) {
        return storage.eventLog();
    }

    @Singleton
    Visitors visitors(PostgresStorage storage) {
        return storage.visitors();
    }

    @Singleton
    ConversionHistory conversionHistory(PostgresStorage storage) {
        return storage.conversionHistory();
    }

    @Singleton
    Payments payments(PostgresStorage storage) {
        return storage.payments();
    }

    /**
     * The storage's connection pool as the {@code default} DataSource, which Micronaut Data JDBC runs its
     * repositories on (the group-commit writer uses the same pool directly). Closed by {@link PostgresStorage}.
     */
    @Singleton
    @Named("default")
    @Bean(typed = DataSource.class)
    DataSource dataSource(PostgresStorage storage) {
        return storage.dataSource();
    }

    /** Websites through Micronaut Data JDBC (the repository queries are generated at compile time). */
    @Singleton
    Websites websites(WebsiteRepository repository,
            @Value("${meridian.db.website-cache-ttl:5s}") Duration websiteCacheTtl) {
        Websites websites = new RepositoryWebsites(repository);
        return websiteCacheTtl.isZero() ? websites : new CachedWebsites(websites, websiteCacheTtl, Ticker.systemTicker());
    }

    /** API keys and account tokens through Micronaut Data JDBC. */
    @Singleton
    Credentials credentials(ApiKeyRepository apiKeys, AccountTokenRepository accountTokens) {
        return new RepositoryCredentials(apiKeys, accountTokens);
    }

    @Singleton
    ImportSink importSink(PostgresStorage storage) {
        return storage.importSink();
    }

    @Singleton
    RobotCounts robotCounts(PostgresStorage storage) {
        return storage.robotCounts();
    }

    static Path dataDirectory(String configured) {
        if (configured == null || configured.isBlank()) {
            return StorageSettings.defaultDataDirectory();
        }
        if (configured.equals("~") || configured.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + configured.substring(1));
        }
        return Path.of(configured);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
