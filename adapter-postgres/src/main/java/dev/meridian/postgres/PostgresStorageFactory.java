package dev.meridian.postgres;

import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.MapChangeFeed;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Duration;

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
 * {@code meridian.db.import-pool-size} (4: the connections of imports' own pool, which tracking never waits for),
 * {@code meridian.db.retention-days} (0: keep every event), {@code meridian.db.website-cache-ttl} (5s: how long
 * a website found by tracking id is remembered, see {@link CachedWebsites}; 0 turns it off). With a Micrometer
 * registry bean, {@link PostgresStorageMeters} registers the storage's meters in it.
 *
 * <p>Every port is the {@link PostgresStorage}'s own, the same objects an application without Micronaut gets from
 * {@link PostgresStorage#open}: one implementation per port (docs/storage.md, "Why Micronaut Data here and JDBC
 * there").
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
            @Value("${meridian.db.import-pool-size:" + StorageSettings.DEFAULT_IMPORT_POOL_SIZE + "}") int importPoolSize) {
        StorageSettings defaults = StorageSettings.embedded(dataDirectory(dataDir));
        StorageSettings settings = defaults
                .withDatabase(url, blankToNull(user), blankToNull(password))
                .withEmbeddedPort(embeddedPort)
                .withPool(poolSize, writerThreads, defaults.maxBatch())
                .withRetentionDays(retentionDays)
                .withImportPool(importPoolSize);
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

    /** The storage's websites, those found by tracking id remembered for {@code meridian.db.website-cache-ttl}. */
    @Singleton
    Websites websites(PostgresStorage storage, @Value("${meridian.db.website-cache-ttl:5s}") Duration websiteCacheTtl) {
        Websites websites = storage.websites();
        return websiteCacheTtl.isZero() ? websites : new CachedWebsites(websites, websiteCacheTtl, Ticker.systemTicker());
    }

    /** API keys and account tokens: never cached, so a revocation holds from the next request on. */
    @Singleton
    Credentials credentials(PostgresStorage storage) {
        return storage.credentials();
    }

    @Singleton
    ImportSink importSink(PostgresStorage storage) {
        return storage.importSink();
    }

    /** Map changes of every node on this database (LISTEN/NOTIFY), for the live map's streams. */
    @Singleton
    MapChangeFeed mapChangeFeed(PostgresStorage storage) {
        return storage.mapChangeFeed();
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
