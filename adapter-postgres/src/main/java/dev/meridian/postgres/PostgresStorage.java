package dev.meridian.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.CustomerUpdates;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.MapChangeFeed;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage port on one PostgreSQL database: the embedded one unless a URL is given, a connection pool,
 * the schema migrated by Flyway ({@link SchemaMigrations}), the group-commit writer and the event-partition upkeep.
 * Imports write through a pool of their own ({@link StorageSettings#importPoolSize()}, pool name and application name
 * {@code meridian-import}), so however many imports run and however long their transactions take, tracking, the
 * map and the API keep every connection of the main pool. Websites and credentials go through Micronaut Data JDBC
 * repositories on the main pool, in a small bean context the storage owns ({@link LookupTables}); every other port
 * is plain JDBC. Usable without Micronaut ({@link #open}: {@code Meridian.builder().storage(PostgresStorage.open(settings))});
 * the Micronaut wiring is {@link PostgresStorageFactory}, which hands out these same objects.
 */
public final class PostgresStorage implements Storage, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStorage.class);
    private static final int PARTITIONS_AHEAD = 2;
    private static final Duration UPKEEP_EVERY = Duration.ofHours(6);
    private static final Duration EMBEDDED_FIRST_CONNECTION = Duration.ofMinutes(1);

    private final EmbeddedDatabase embedded;
    private final HikariDataSource pool;
    private final HikariDataSource importPool;
    private final StorageSettings settings;
    private final EventPartitions partitions;
    private final GroupCommitWriter writer;
    private final ScheduledExecutorService upkeep;
    private final PostgresEventLog eventLog;
    private final PostgresVisitors visitors;
    private final PostgresPayments payments;
    private final PostgresVisitorHistory visitorHistory;
    private final LookupTables lookupTables;
    private final PostgresImportSink importSink;
    private final PostgresRobotCounts robotCounts;
    private final MapChangeListener mapChanges;

    private PostgresStorage(EmbeddedDatabase embedded, HikariDataSource pool, HikariDataSource importPool,
            StorageSettings settings, MapChangeListener mapChanges) {
        this.embedded = embedded;
        this.mapChanges = mapChanges;
        this.pool = pool;
        this.importPool = importPool;
        this.settings = settings;
        this.lookupTables = LookupTables.on(pool); // first: nothing to stop if it fails
        Database database = new Database(pool);
        this.partitions = new EventPartitions(pool);
        this.writer = new GroupCommitWriter(pool, partitions, settings.writerThreads(), settings.maxBatch(),
                settings.connectionTimeout().plus(settings.socketTimeout()));
        this.eventLog = new PostgresEventLog(database, writer);
        this.visitors = new PostgresVisitors(database);
        this.payments = new PostgresPayments(database);
        this.visitorHistory = new PostgresVisitorHistory(database);
        this.importSink = new PostgresImportSink(new Database(importPool), partitions);
        this.robotCounts = new PostgresRobotCounts(database);
        this.upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meridian-partition-upkeep");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the embedded PostgreSQL when {@code settings} name no URL, connects, migrates the schema and
     * creates the event partitions of this month and the next two.
     */
    public static PostgresStorage open(StorageSettings settings) {
        return open(settings, true);
    }

    /**
     * As {@link #open(StorageSettings)}, for an owner that always closes the storage when it shuts down (the
     * Micronaut context, after the HTTP server drained its requests): the embedded PostgreSQL then stops in
     * {@link #close()}, after the queued events are committed, and not on its own at JVM exit (SIGTERM), which
     * would fail the requests still in flight.
     */
    public static PostgresStorage openClosedByOwner(StorageSettings settings) {
        return open(settings, false);
    }

    private static PostgresStorage open(StorageSettings settings, boolean stopEmbeddedOnJvmExit) {
        EmbeddedDatabase embedded = null;
        HikariDataSource pool = null;
        HikariDataSource importPool = null;
        PostgresStorage storage = null;
        try {
            String url = settings.url();
            String user = settings.user();
            String password = settings.password();
            if (settings.usesEmbeddedDatabase()) {
                // an owner-closed storage takes over the server the application's main started early, if it did
                embedded = stopEmbeddedOnJvmExit
                        ? EmbeddedDatabase.start(settings.embeddedDataDirectory(), settings.embeddedPort(), true)
                        : EarlyEmbeddedStart.claim(settings.embeddedDataDirectory(), settings.embeddedPort())
                                .orElseGet(() -> EmbeddedDatabase.start(settings.embeddedDataDirectory(),
                                        settings.embeddedPort(), false));
                url = embedded.jdbcUrl();
                user = embedded.user();
                password = embedded.password();
            }
            // the embedded server has just been started: its first log-in builds the catalogue caches PostgreSQL drops
            // at every start, which on a loaded machine can outlast the connection timeout, so it is tried again for up
            // to a minute (pg_ctl has said the server is ready); an external database's pool still fails at once
            pool = pool("meridian", url, user, password, settings.poolSize(), settings.poolSize(),
                    settings.connectionTimeout(), settings, embedded != null ? EMBEDDED_FIRST_CONNECTION.toMillis() : 1);
            SchemaMigrations.migrate(pool); // Flyway, unless its history already says this jar's latest version
            if (embedded != null) { // an earlier version's 4,096-iteration verifier: one iteration from now on
                embedded.lightenVerifier(pool);
            }
            // an import waits for a connection of its own pool rather than failing: it is a batch job
            // (no connection kept while no import runs, none opened at start either: the main pool has just shown
            // that the same URL and credentials connect, and a start need not wait for one more log-in)
            importPool = pool("meridian-import", url, user, password, settings.importPoolSize(), 0,
                    max(settings.connectionTimeout(), settings.socketTimeout()), settings, -1);
            MapChangeListener listener = new MapChangeListener(listening(url, user, password, settings));
            storage = new PostgresStorage(embedded, pool, importPool, settings, listener);
            PostgresStorage opened = storage;
            opened.keepPartitions(Instant.now());
            opened.upkeep.scheduleWithFixedDelay(() -> opened.keepPartitions(Instant.now()),
                    UPKEEP_EVERY.toMinutes(), UPKEEP_EVERY.toMinutes(), TimeUnit.MINUTES);
            return opened;
        } catch (RuntimeException e) {
            if (storage != null) { // its writer, upkeep and repositories' context too
                storage.close();
                throw e;
            }
            if (importPool != null) {
                importPool.close();
            }
            if (pool != null) {
                pool.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * The map-change listener's own connection, outside the pools (it stays in {@code LISTEN} for the storage's
     * life): bounded in connecting and in every round trip as the pools' are.
     */
    private static MapChangeListener.Connector listening(String url, String user, String password,
            StorageSettings settings) {
        return () -> {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
            properties.setProperty("connectTimeout", String.valueOf(connectSeconds));
            properties.setProperty("loginTimeout", String.valueOf(connectSeconds));
            properties.setProperty("socketTimeout", String.valueOf(Math.max(1, settings.socketTimeout().toSeconds())));
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("ApplicationName", "meridian-listen");
            return new org.postgresql.Driver().connect(url, properties);
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size,
            int minimumIdle, Duration connectionTimeout, StorageSettings settings, long initializationFailTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        // Hikari's: 1 (default) the first connection or an error at once, n > 1 tried for n ms, -1 none opened when made
        config.setInitializationFailTimeout(initializationFailTimeoutMillis);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis() - 1));
        config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
        // pgjdbc: bound connecting and every round trip, so nothing hangs when the server is gone
        long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
        config.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
        config.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
        config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, settings.socketTimeout().toSeconds())));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }

    @Override
    public EventLog eventLog() {
        return eventLog;
    }

    @Override
    public Visitors visitors() {
        return visitors;
    }

    @Override
    public ConversionHistory conversionHistory() {
        return visitors;
    }

    @Override
    public Payments payments() {
        return payments;
    }

    /** Through Micronaut Data JDBC ({@link RepositoryWebsites}), as credentials are. */
    @Override
    public Websites websites() {
        return lookupTables.websites();
    }

    @Override
    public Credentials credentials() {
        return lookupTables.credentials();
    }

    @Override
    public VisitorHistory visitorHistory() {
        return visitorHistory;
    }

    /** Bulk writes of imported history: one transaction per batch, not through group commit. */
    @Override
    public Optional<ImportSink> importSink() {
        return Optional.of(importSink);
    }

    /**
     * Map changes committed by any node on this database, this one's included: every write that changes a realtime
     * map sends one {@code NOTIFY} per committed transaction naming its websites, heard here on a connection of its
     * own outside the pools (docs/scale-out.md). The listening thread starts on the first
     * {@link MapChangeFeed#listen} and stops in {@link #close()}.
     */
    @Override
    public Optional<MapChangeFeed> mapChangeFeed() {
        return Optional.of(mapChanges);
    }

    /** Robot requests per website and day. */
    @Override
    public Optional<RobotCounts> robotCounts() {
        return Optional.of(robotCounts);
    }

    /**
     * Registers the storage's meters in {@code meters} (docs/operations.md): group commit's
     * ({@code meridian.group.commit.*}) and HikariCP's connection-pool meters ({@code hikaricp.connections.*}, tag
     * {@code pool=meridian}). Once per storage.
     */
    public void bindMetrics(MeterRegistry meters) {
        pool.setMetricRegistry(meters);
        writer.bindMetrics(GroupCommitMetrics.register(meters, writer, GroupCommitWriter::queued));
    }

    /**
     * Makes the group-commit writers forget the visitor rows they cached, before their next batch: for tests that
     * empty the tables behind this storage ({@code GroupCommitWriter#forgetCachedVisitors}).
     */
    void forgetCachedVisitors() {
        writer.forgetCachedVisitors();
    }

    /** The pool, for tools (load harness, tests). */
    public DataSource dataSource() {
        return pool;
    }

    /** Imports' own pool ({@link #importSink()} writes through it), for tools and tests. */
    public DataSource importDataSource() {
        return importPool;
    }

    /**
     * Creates the coming months' event partitions and, with a retention set, drops the months that ended
     * more than that many days before {@code now} and forgets the robot visitors last seen before that. Runs at start
     * and every six hours.
     *
     * @return the months dropped
     */
    public List<YearMonth> keepPartitions(Instant now) {
        try {
            partitions.ensureAhead(now, PARTITIONS_AHEAD);
            if (settings.retentionDays() > 0) {
                Instant cutoff = now.minus(Duration.ofDays(settings.retentionDays()));
                robotCounts.pruneVisitorsBefore(cutoff);
                return partitions.dropBefore(cutoff);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("event partition upkeep failed, will try again: {}", e.getMessage());
        }
        return List.of();
    }

    /** The months that have an event partition. */
    public List<YearMonth> eventPartitions() {
        try {
            return partitions.stored();
        } catch (SQLException e) {
            throw StorageFailures.translate("listing event partitions", e);
        }
    }

    /** Finishes queued appends, then closes the pool and stops the embedded PostgreSQL. */
    @Override
    public void close() {
        mapChanges.close();
        upkeep.shutdownNow();
        visitorHistory.close();
        writer.close();
        importPool.close();
        lookupTables.close();
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Customer summaries stored in the transaction that locks the visitor's row (docs/scale-out.md). */
    @Override
    public Optional<CustomerUpdates> customerUpdates() {
        return Optional.of(visitors);
    }
}
