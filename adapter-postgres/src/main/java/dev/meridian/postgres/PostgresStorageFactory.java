package dev.meridian.postgres;

import dev.meridian.ports.out.Storage;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link Storage} bean on PostgreSQL, with the {@link PostgresStorage} it runs on. Active whenever this module is
 * on the classpath and {@code meridian.storage} is {@code postgres} or unset; with {@code meridian.storage=memory}
 * neither bean exists and no database is started.
 *
 * <p>Properties (each also as an environment variable, e.g. {@code MERIDIAN_DB_URL}):
 * {@code meridian.data-dir} (default {@code ~/.meridian}; the embedded database lives in its
 * {@code postgres} folder), {@code meridian.db.url}, {@code meridian.db.user}, {@code meridian.db.password}
 * (an external PostgreSQL instead of the embedded one), {@code meridian.db.embedded-port} (default 0: any
 * free port), {@code meridian.db.pool-size} (16), {@code meridian.db.writer-threads} (1),
 * {@code meridian.db.import-pool-size} (4: the connections of imports' own pool, which tracking never waits for),
 * {@code meridian.db.retention-days} (0: keep every event), {@code meridian.db.website-cache-ttl} (5s: how long
 * a website found by tracking id is remembered, see {@link CachedWebsites}; 0 turns it off). With a Micrometer
 * registry bean, {@link PostgresStorageMeters} registers the storage's meters in it.
 *
 * <p>Every port is the {@link PostgresStorage}'s own, the same objects an application without Micronaut gets from
 * {@link PostgresStorage#open}: one implementation per port (docs/storage.md, "Why Micronaut Data here and JDBC
 * there"); only websites found by tracking id are remembered for a few seconds ({@link ServerStorage}).
 */
@Factory
@Requires(property = PostgresStorageFactory.STORAGE, value = "postgres", defaultValue = "postgres")
public class PostgresStorageFactory {

    public static final String STORAGE = "meridian.storage";

    /**
     * Created when the application context starts: the storage is opened (embedded PostgreSQL started, schema
     * migrated) on a thread of its own while the rest of the context starts; see {@link StorageOpening}.
     */
    @Context
    @Bean(preDestroy = "close")
    StorageOpening storageOpening(
            @Value("${meridian.data-dir:}") String dataDir,
            @Value("${meridian.db.url:}") String url,
            @Value("${meridian.db.user:}") String user,
            @Value("${meridian.db.password:}") String password,
            @Value("${meridian.db.embedded-port:0}") int embeddedPort,
            @Value("${meridian.db.pool-size:16}") int poolSize,
            @Value("${meridian.db.writer-threads:1}") int writerThreads,
            @Value("${meridian.db.retention-days:0}") int retentionDays,
            @Value("${meridian.db.import-pool-size:" + StorageSettings.DEFAULT_IMPORT_POOL_SIZE + "}") int importPoolSize) {
        StorageSettings defaults = StorageSettings.embedded(dataDirectory(dataDir));
        StorageSettings settings = defaults
                .withDatabase(url, blankToNull(user), blankToNull(password))
                .withEmbeddedPort(embeddedPort)
                .withPool(poolSize, writerThreads, defaults.maxBatch())
                .withRetentionDays(retentionDays)
                .withImportPool(importPoolSize);
        return StorageOpening.start(settings);
    }

    /**
     * The open storage, once {@link #storageOpening} has opened it; the context closes it after draining requests.
     * Typed as itself only: the {@link Storage} bean is {@link #storage}.
     */
    @Singleton
    @Bean(typed = PostgresStorage.class, preDestroy = "close")
    PostgresStorage postgresStorage(StorageOpening opening) {
        return opening.take();
    }

    /**
     * What Meridian stores in: the storage's own ports, its websites found by tracking id remembered for
     * {@code meridian.db.website-cache-ttl} (API keys and account tokens never cached, so a revocation holds from the
     * next request on).
     */
    @Singleton
    Storage storage(PostgresStorage postgres, @Value("${meridian.db.website-cache-ttl:5s}") Duration websiteCacheTtl) {
        Websites websites = postgres.websites();
        return new ServerStorage(postgres, websiteCacheTtl.isZero() ? websites
                : new CachedWebsites(websites, websiteCacheTtl, Ticker.systemTicker()));
    }

    /**
     * For the application's {@code main}, before Micronaut reads the configuration: for the data directory the
     * configuration will name, prepares a new directory's cluster beside it ({@link FreshClusterPreparation}), or
     * starts the embedded PostgreSQL of a directory that holds one on the port the configuration will name
     * ({@link EarlyEmbeddedStart}), so that this work runs while the JVM and the context start. Only where the configuration cannot say otherwise: no command-line argument, no
     * configuration file or JSON named ({@code micronaut.config.files}, {@code micronaut.application.json},
     * {@code spring.application.json}), storage {@code postgres}, no external database ({@code meridian.db.url}), each
     * read as the system property, else the environment variable, as Micronaut ranks them; the data directory from
     * {@code meridian.data-dir} / {@code MERIDIAN_DATA_DIR}, else the default; the port from
     * {@code meridian.db.embedded-port}, else 0. Should the context still name another directory or port, its open
     * stops the server started early (see {@link EarlyEmbeddedStart}).
     *
     * @return the data directory being prepared or started, if one is
     */
    public static Optional<Path> startEmbeddedEarly(Map<String, String> environment,
            Function<String, String> systemProperty, String[] args) {
        Function<String, String> setting = settingBeforeConfiguration(environment, systemProperty);
        Optional<Path> dataDirectory = embeddedDataDirectoryBeforeConfiguration(environment, systemProperty, args);
        Optional<Integer> port = embeddedPort(setting.apply("meridian.db.embedded-port"));
        if (dataDirectory.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        // before anything sets up logging: an existing cluster's server launched by pg_ctl with the binaries its last
        // start used, when the cluster remembers them (ServerLaunch)
        Optional<ServerLaunch> launch = ServerLaunch.launch(dataDirectory.get(), port.get());
        if (launch.isPresent()) {
            EarlyEmbeddedStart.start(dataDirectory.get(), port.get(), launch.get());
            return dataDirectory;
        }
        if (FreshClusterPreparation.start(dataDirectory.get())) { // a new directory: its cluster made ready beside
            return dataDirectory;
        }
        return ReadyMadeCluster.noCluster(dataDirectory.get()) || !EarlyEmbeddedStart.start(dataDirectory.get(),
                port.get()) ? Optional.empty() : dataDirectory;
    }

    /** The embedded data directory the configuration will name; empty where that is not safe to say. */
    static Optional<Path> embeddedDataDirectoryBeforeConfiguration(Map<String, String> environment,
            Function<String, String> systemProperty, String[] args) {
        Function<String, String> setting = settingBeforeConfiguration(environment, systemProperty);
        if (args.length > 0 || setting.apply("micronaut.config.files") != null
                || setting.apply("micronaut.application.json") != null
                || setting.apply("spring.application.json") != null
                || !"postgres".equals(Optional.ofNullable(setting.apply(STORAGE)).orElse("postgres").strip())) {
            return Optional.empty();
        }
        String url = setting.apply("meridian.db.url");
        if (url != null && !url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(StorageSettings.embedded(dataDirectory(setting.apply("meridian.data-dir")))
                .embeddedDataDirectory());
    }

    /** A setting as the system property, else as the environment variable Micronaut maps to it. */
    private static Function<String, String> settingBeforeConfiguration(Map<String, String> environment,
            Function<String, String> systemProperty) {
        return name -> {
            String property = systemProperty.apply(name);
            return property != null ? property
                    : environment.get(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        };
    }

    /** The embedded port setting ({@code meridian.db.embedded-port}, default 0); empty when it is not a port. */
    static Optional<Integer> embeddedPort(String configured) {
        if (configured == null || configured.isBlank()) {
            return Optional.of(0);
        }
        try {
            int port = Integer.parseInt(configured.strip());
            return port >= 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
