package dev.meridian.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Run by the build ({@code process-classes}, adapter-postgres/pom.xml): makes {@link ReadyMadeCluster}'s resources in
 * the classes directory. It does what a fresh start does (zonky's initdb with this jar's options and
 * {@code --locale=}{@value ReadyMadeCluster#BUILD_LOCALE}, the superuser's password and pg_hba.conf, start, Flyway
 * applying every migration), then removes the password, stops the server (a fast shutdown ends with a checkpoint)
 * and packs the data directory. Skipped when the classes directory already holds a cluster with this fingerprint.
 * It also records the binaries' digest with their archive's CRC-32 and size ({@value PostgresBinaries#RECORD}): a start
 * then knows the digest without reading the archive.
 *
 * <p>Arguments: the directory to write {@value ReadyMadeCluster#ARCHIVE}, {@value ReadyMadeCluster#FINGERPRINT} and
 * {@value PostgresBinaries#RECORD} to, and a work directory (emptied).
 */
final class ReadyMadeClusterBuild {

    private ReadyMadeClusterBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReadyMadeClusterBuild <resource directory> <work directory>");
        }
        Path resources = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Map<String, String> locale = new LinkedHashMap<>();
        ReadyMadeCluster.LOCALE_CATEGORIES.forEach(category -> locale.put(category, ReadyMadeCluster.BUILD_LOCALE));
        String digest = PostgresBinaries.computedDigest();
        writeBinariesRecord(resources, digest);
        String fingerprint = ReadyMadeCluster.fingerprint(digest,
                PostgresBinaries.embeddedPostgresVersion(), locale, SchemaMigrations.released());
        Path fingerprintFile = resources.resolve(ReadyMadeCluster.FINGERPRINT);
        Path archive = resources.resolve(ReadyMadeCluster.ARCHIVE);
        if (Files.isRegularFile(archive) && Files.isRegularFile(fingerprintFile)
                && Files.readString(fingerprintFile, StandardCharsets.UTF_8).equals(fingerprint)) {
            System.out.println("ready-made cluster is current: " + archive);
            return;
        }
        long started = System.nanoTime();
        Files.deleteIfExists(fingerprintFile);
        if (Files.exists(work)) {
            ReadyMadeCluster.deleteRecursively(work);
        }
        Path data = work.resolve("postgres");
        make(data);
        Files.createDirectories(resources);
        Path packing = Files.createTempFile(resources, ReadyMadeCluster.ARCHIVE, ".tmp");
        try (OutputStream out = Files.newOutputStream(packing)) {
            ReadyMadeCluster.pack(data, out);
        }
        Files.move(packing, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(fingerprintFile, fingerprint, StandardCharsets.UTF_8); // last: the pair is complete
        ReadyMadeCluster.deleteRecursively(work);
        System.out.printf("ready-made cluster %s: %,d bytes, made in %d ms%n", archive, Files.size(archive),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Writes {@value PostgresBinaries#RECORD} for the archive on the classpath when it is a jar entry (removes it
     * otherwise); rewritten only when it changes, so that an unchanged build leaves the classes directory unchanged.
     */
    private static void writeBinariesRecord(Path resources, String digest) throws IOException {
        Path file = resources.resolve(PostgresBinaries.RECORD);
        Optional<URL> archive = PostgresBinaries.carriedArchive();
        Optional<Properties> record = archive.isPresent() ? PostgresBinaries.record(archive.get(), digest)
                : Optional.empty();
        if (record.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder text = new StringBuilder("# the PostgreSQL binaries' archive the build saw, and its MD5 "
                + "(docs/storage.md, \"Started by its own pg_ctl\")\n");
        for (String key : List.of("archive", "crc32", "size", "md5")) {
            text.append(key).append('=').append(record.get().getProperty(key)).append('\n');
        }
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).contentEquals(text)) {
            return;
        }
        Files.createDirectories(resources);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** initdb, password, start, migrations, no password, stop: a fresh start's cluster, stopped cleanly. */
    private static void make(Path data) throws IOException, SQLException {
        List<SchemaMigrations.Applied> released = SchemaMigrations.released();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, ReadyMadeCluster.none(),
                Map.of("locale", ReadyMadeCluster.BUILD_LOCALE))) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(db.jdbcUrl());
            dataSource.setUser(db.user());
            dataSource.setPassword(db.password());
            if (SchemaMigrations.migrate(dataSource) != SchemaMigrations.Outcome.MIGRATED_BY_FLYWAY
                    || !released.equals(SchemaMigrations.history(dataSource))) {
                throw new IllegalStateException("Flyway did not leave the history of this jar's migrations in " + data);
            }
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                // nothing secret in the resource: each installation sets its own at its first start
                statement.execute("alter role " + EmbeddedAccess.SUPERUSER + " password null");
            }
        }
        // zonky's pg_ctl stop waits 5 s; on a loaded machine the shutdown checkpoint can take longer
        for (int waited = 0; Files.exists(data.resolve("postmaster.pid")) && waited < 600; waited++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL to stop in " + data, e);
            }
        }
        if (Files.exists(data.resolve("postmaster.pid"))) {
            throw new IllegalStateException("PostgreSQL did not stop within 60 s in " + data);
        }
    }
}
