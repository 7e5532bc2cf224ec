package dev.meridian.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open the embedded PostgreSQL: whoever has the superuser's password, which only this process's user can
 * read. The password is made at the first start (32 random bytes), kept in {@value #PASSWORD_FILE} (mode 0600) in the
 * server's data directory (itself 0700), and set on the {@code postgres} role in single-user mode, where no connection
 * is possible, before the server ever listens with it. {@code pg_hba.conf} is rewritten at every start so that every
 * connection, TCP or Unix socket, needs a password (SCRAM-SHA-256): no {@code trust} line survives, including those
 * of data directories made by earlier versions (initdb with trust), which are converted this way at their next start
 * without touching their data.
 */
final class EmbeddedAccess {

    /** The superuser's password, in the server's data directory. */
    static final String PASSWORD_FILE = "superuser-password";
    static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAccess.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final long SINGLE_USER_WAIT_SECONDS = 120;

    /** Replaces pg_hba.conf: a password for every connection; nothing listens but loopback and no Unix socket. */
    static final String HBA = """
            # Written by Meridian at every start of its embedded PostgreSQL: edits here are replaced.
            # Every connection needs its role's password (SCRAM-SHA-256); the superuser's is in superuser-password
            # (readable by its owner only). Nothing is trusted, not even the local socket.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private EmbeddedAccess() {
    }

    /** The stored password of the data directory, if it has one. */
    static Optional<String> storedPassword(Path dataDirectory) {
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                return Optional.empty();
            }
            ownerOnly(file);
            return Optional.of(password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded PostgreSQL's password from " + file, e);
        }
    }

    /** A new password: 32 random bytes in hex. */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Before the server starts on {@code dataDirectory}: sets {@code password} on the superuser when it is new (in
     * single-user mode, then stores it), and writes {@link #HBA}.
     */
    static void secure(Path dataDirectory, String password, boolean newPassword) {
        secure(dataDirectory, password, newPassword, dataDirectory);
    }

    /**
     * As {@link #secure(Path, String, boolean)}, on a cluster in {@code dataDirectory} that is to become
     * {@code named} (a ready-made cluster made ready beside its data directory): the log names that one.
     */
    static void secure(Path dataDirectory, String password, boolean newPassword, Path named) {
        try {
            Path hba = dataDirectory.resolve("pg_hba.conf");
            boolean trusted = Files.isRegularFile(hba) && trusts(Files.readString(hba, StandardCharsets.UTF_8));
            // a server has run on it before (postmaster.opts is written at every start): made by an earlier version
            boolean used = Files.exists(dataDirectory.resolve("postmaster.opts"));
            if (newPassword) {
                setSuperuserPassword(dataDirectory, password);
                writeOwnerOnly(dataDirectory.resolve(PASSWORD_FILE), password + "\n");
                if (trusted && used) {
                    LOG.info("embedded PostgreSQL in {}: connections now need a password (they were trusted); "
                            + "the superuser's is in {}", named, PASSWORD_FILE);
                } else {
                    LOG.info("embedded PostgreSQL in {}: the superuser's password is in {}", named,
                            PASSWORD_FILE);
                }
            }
            if (!Files.isRegularFile(hba) || !Files.readString(hba, StandardCharsets.UTF_8).equals(HBA)) {
                writeOwnerOnly(hba, HBA);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot secure the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Whether a pg_hba.conf has a {@code trust} line. */
    static boolean trusts(String hba) {
        return hba.lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .anyMatch(line -> {
                    String[] words = line.split("\\s+");
                    return words[words.length - 1].toLowerCase(Locale.ROOT).equals("trust");
                });
    }

    /**
     * {@code ALTER ROLE postgres PASSWORD …} in single-user mode: the server does not listen, so nobody can connect
     * while the role still has no password. The statement carries the SCRAM verifier, never the password itself.
     */
    private static void setSuperuserPassword(Path dataDirectory, String password) throws IOException {
        String statement = alterPassword(password);
        long started = System.nanoTime();
        List<String> command = PostgresBinaries.command(PostgresBinaries.binary("postgres"), List.of("--single", "-D",
                dataDirectory.toString(), "-c", "exit_on_error=on", SUPERUSER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(SINGLE_USER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL in single-user mode did not finish within "
                        + SINGLE_USER_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while setting the superuser password", e);
        }
        if (process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("PostgreSQL in single-user mode could not set the superuser password (exit "
                    + process.exitValue() + "): " + output.replace(statement, "ALTER USER … PASSWORD …").strip());
        }
        LOG.debug("superuser password of {} set in single-user mode in {} ms", dataDirectory,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * After the server started: when the superuser's stored verifier was made with more PBKDF2 iterations than
     * {@link ScramVerifier#ITERATIONS} (a data directory of an earlier version, set with pgjdbc's 4,096), replaces it
     * with one of the same password made with that count, so that every later connection derives its key at once.
     */
    static void lightenVerifier(Connection connection, String password) throws SQLException {
        String stored;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select rolpassword from pg_authid where rolname = current_user")) {
            stored = rs.next() ? rs.getString(1) : null;
        }
        int iterations = ScramVerifier.iterations(stored);
        if (iterations > ScramVerifier.ITERATIONS) {
            try (Statement s = connection.createStatement()) {
                s.execute(alterPassword(password));
            }
            LOG.info("embedded PostgreSQL: the superuser's password verifier now takes {} key derivation instead of "
                    + "{} per connection (the password is random: docs/storage.md)", ScramVerifier.ITERATIONS,
                    iterations);
        }
    }

    /** {@code ALTER ROLE postgres PASSWORD '<verifier>'}: the verifier, never the password itself. */
    private static String alterPassword(String password) {
        return "ALTER ROLE " + SUPERUSER + " PASSWORD '" + ScramVerifier.of(password) + "'";
    }

    /** Replaces {@code file} with {@code content}, readable and writable by its owner only from the first byte. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp", attributes);
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warn("{} was readable by others: set to owner only", file);
        }
    }
}
