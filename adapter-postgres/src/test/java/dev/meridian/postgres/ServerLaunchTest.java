package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster started once remembers its binaries and is started by their pg_ctl directly afterwards, with the same
 * settings and the same protection; where the record does not fit (another archive, binaries that fail, a server
 * running, an unsecured cluster) nothing is launched and zonky's start runs as ever.
 */
class ServerLaunchTest {

    @TempDir
    Path dir;

    @Test
    void aClusterStartedOnceIsStartedDirectlyWithTheSameSettingsAndStopsCleanly() throws Exception {
        Path data = dir.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(first.launchedDirectly()).as("a new cluster: zonky's start").isFalse();
            assertThat(data.resolve(ServerLaunch.RECORD)).as("remembered once stopped").doesNotExist();
        }
        Properties record = record(data);
        assertThat(record.getProperty("archive")).isEqualTo(ServerLaunch.archiveIdentity().orElseThrow());
        assertThat(Path.of(record.getProperty("binaries")).resolve("bin/pg_ctl")).isExecutable();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ServerLaunch.RECORD))))
                .isEqualTo("rw-------");

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(again.launchedDirectly()).isTrue();
            assertThat(ServerLaunch.launch(data, 0)).as("nothing launched while a server runs on it").isEmpty();
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), again.user(), again.password());
                    Statement s = c.createStatement()) {
                for (Map.Entry<String, String> setting : Map.of("fsync", "on", "synchronous_commit", "on",
                        "full_page_writes", "on", "listen_addresses", "localhost", "unix_socket_directories", "",
                        "password_encryption", "scram-sha-256", "max_wal_size", "1GB").entrySet()) {
                    assertThat(one(s, "show " + setting.getKey())).as(setting.getKey()).isEqualTo(setting.getValue());
                }
                assertThat(one(s, "select count(*) from pg_hba_file_rules where auth_method = 'trust'")).isEqualTo("0");
            }
            assertThat(DriverManagerRefuses.without(again)).as("still a password for every connection").isTrue();
        }
        assertThat(data.resolve("postmaster.pid")).as("stopped by close").doesNotExist();
        try (EmbeddedDatabase third = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(third.launchedDirectly()).as("the lock was released").isTrue();
        }
    }

    @Test
    void aRecordOfAnotherArchiveIsNotLaunchedAndIsReplacedByTheCurrentBinaries() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0, false).close();
        Path file = data.resolve(ServerLaunch.RECORD);
        Files.writeString(file, Files.readString(file).replaceFirst("archive=.*", "archive=another.jar|1|1")
                .replaceFirst("binaries=.*", "binaries=" + dir.resolve("PG-old")));

        assertThat(ServerLaunch.launch(data, 0)).as("another archive's binaries").isEmpty();
        // a start replaces the record: at once where this JVM knows the current binaries' digest (as here, after the
        // first start; a fresh start's preparation), else once zonky's start has stopped
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(db.port()).isPositive();
        }
        assertThat(record(data).getProperty("archive")).isEqualTo(ServerLaunch.archiveIdentity().orElseThrow());
        assertThat(Path.of(record(data).getProperty("binaries"))).isEqualTo(PostgresBinaries.directory());
    }

    @Test
    void binariesThatFailToStartTheServerAreForgottenAndZonkyStartsIt() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0, false).close();
        Path broken = Files.createDirectories(dir.resolve("PG-broken").resolve("bin"));
        Files.createFile(broken.getParent().resolve(".exists"));
        for (String binary : new String[] {"pg_ctl", "postgres"}) {
            Path script = broken.resolve(binary);
            Files.writeString(script, "#!/bin/sh\necho 'pg_ctl: could not start server' >&2\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        ServerLaunch.remember(data, broken.getParent(), false);

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(db.launchedDirectly()).isFalse();
            assertThat(data.resolve(ServerLaunch.RECORD)).as("forgotten").doesNotExist();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        assertThat(Path.of(record(data).getProperty("binaries"))).isNotEqualTo(broken.getParent());
    }

    @Test
    void nothingIsLaunchedOnAClusterWhoseAccessIsNotAsAStartLeavesIt() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0, false).close();
        Path hba = data.resolve("pg_hba.conf");
        String secured = Files.readString(hba);
        Files.writeString(hba, "host all all 127.0.0.1/32 trust\n");
        assertThat(ServerLaunch.launch(data, 0)).as("pg_hba.conf edited").isEmpty();

        Files.writeString(hba, secured);
        Path password = data.resolve(EmbeddedAccess.PASSWORD_FILE);
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ServerLaunch.launch(data, 0)).as("password readable by others").isEmpty();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) { // zonky's start secures it again
            assertThat(db.launchedDirectly()).isFalse();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
        Optional<ServerLaunch> launch = ServerLaunch.launch(data, 0);
        assertThat(launch).as("secured again").isPresent();
        Optional<EmbeddedDatabase> launched = EmbeddedDatabase.launched(data, launch, false, false);
        assertThat(launched).isPresent();
        launched.get().close();
    }

    @Test
    void anEmptyDirectoryGetsNoRecordBeforeItsCluster() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        assertThat(ServerLaunch.launch(data, 0)).isEmpty();
        assertThat(data).isEmptyDirectory();
    }

    private static Properties record(Path data) throws Exception {
        Properties record = new Properties();
        try (var in = Files.newBufferedReader(data.resolve(ServerLaunch.RECORD))) {
            record.load(in);
        }
        return record;
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A connection without the password is refused. */
    private static final class DriverManagerRefuses {

        static boolean without(EmbeddedDatabase db) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong")) {
                return false;
            } catch (java.sql.SQLException refused) {
                return "28P01".equals(refused.getSQLState());
            }
        }
    }
}
