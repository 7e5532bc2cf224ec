package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only Meridian can open its embedded PostgreSQL: every connection needs the superuser's password, which only the
 * data directory's owner can read; data directories made by earlier versions (initdb with trust) are converted at
 * their next start and keep their data. The password is read from its file here, not from the API, so this class also
 * runs against the code from before the change (where the refusals fail).
 */
class EmbeddedDatabaseAccessTest {

    @TempDir
    Path dir;

    @Test
    void aNewServerRefusesConnectionsWithoutItsPasswordAndAcceptsOnlyThatOne() throws Exception {
        Path data = dir.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertRefused(db, null);
            assertRefused(db, "");
            assertRefused(db, "postgres");

            Path file = data.resolve("superuser-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).strip();
            assertThat(password).hasSize(64);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
                    Statement s = c.createStatement()) {
                assertThat(one(s, "select count(*) from pg_hba_file_rules where auth_method = 'trust' or error is not null"))
                        .as("trust rules or broken lines the server loaded").isEqualTo("0");
                assertThat(one(s, "select count(*) from pg_hba_file_rules")).isEqualTo("3");
                assertThat(one(s, "show unix_socket_directories")).as("no Unix socket").isEmpty();
                assertThat(one(s, "show listen_addresses")).isEqualTo("localhost");
            }
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryLocalConnectionIsConvertedAtItsNextStartAndKeepsItsData() throws Exception {
        Path data = dir.resolve("postgres");
        // what the versions before this one made: io.zonky's initdb with trust, and the same server settings
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(0).setServerConfig("listen_addresses", "localhost").setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").start();
                Connection c = earlier.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).containsPattern("(?m)^host\\s.*trust\\s*$");
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('written while trusted')");
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertRefused(db, null);
            assertRefused(db, "postgres");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
            assertThat(readKept(db, Files.readString(data.resolve("superuser-password")).strip()))
                    .isEqualTo("written while trusted");
        }
        String password = Files.readString(data.resolve("superuser-password")).strip();
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0)) {
            assertThat(Files.readString(data.resolve("superuser-password")).strip()).as("kept across restarts")
                    .isEqualTo(password);
            assertRefused(again, null);
            assertThat(readKept(again, password)).isEqualTo("written while trusted");
        }
    }

    @Test
    void aLostPasswordFileGetsANewPasswordAtTheNextStartAndTheOldOneStopsWorking() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0).close();
        String lost = Files.readString(data.resolve("superuser-password")).strip();
        Files.delete(data.resolve("superuser-password"));

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            String password = Files.readString(data.resolve("superuser-password")).strip();
            assertThat(password).isNotEqualTo(lost);
            assertRefused(db, lost);
            DriverManager.getConnection(db.jdbcUrl(), "postgres", password).close();
        }
    }

    @Test
    void theSuperusersVerifierTakesOneKeyDerivationAndAnEarlierVersionsIsReplacedWhenChecked() throws Exception {
        Path data = dir.resolve("postgres");
        String password;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            password = Files.readString(data.resolve("superuser-password")).strip();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
                    Statement s = c.createStatement()) {
                assertThat(one(s, "select rolpassword from pg_authid where rolname = 'postgres'"))
                        .startsWith("SCRAM-SHA-256$1:");
                // what earlier versions set: pgjdbc's verifier of the same password, 4,096 iterations
                s.execute(org.postgresql.util.PasswordUtil.genAlterUserPasswordSQL("postgres", password.toCharArray(),
                        "scram-sha-256"));
                assertThat(one(s, "select rolpassword from pg_authid where rolname = 'postgres'"))
                        .startsWith("SCRAM-SHA-256$4096:");
            }
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setUrl(db.jdbcUrl());
            dataSource.setUser(db.user());
            dataSource.setPassword(db.password());
            org.postgresql.ds.PGSimpleDataSource refused = new org.postgresql.ds.PGSimpleDataSource();
            refused.setUrl(db.jdbcUrl());
            refused.setUser(db.user());
            refused.setPassword("not the password");
            assertThatCode(() -> db.lightenVerifier(refused)).as("a check that cannot connect is logged, not thrown")
                    .doesNotThrowAnyException();
            db.lightenVerifier(dataSource);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
                    Statement s = c.createStatement()) {
                assertThat(one(s, "select rolpassword from pg_authid where rolname = 'postgres'"))
                        .startsWith("SCRAM-SHA-256$1:");
            }
            assertRefused(db, "postgres");
        }
    }

    @Test
    void theStoragesOpenReplacesAnEarlierVersionsVerifier() throws Exception {
        Path data = dir.resolve("postgres");
        String password;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            password = db.password();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
                    Statement s = c.createStatement()) {
                s.execute(org.postgresql.util.PasswordUtil.genAlterUserPasswordSQL("postgres", password.toCharArray(),
                        "scram-sha-256"));
            }
        }
        try (PostgresStorage storage = PostgresStorage.openClosedByOwner(StorageSettings.embedded(dir));
                Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(one(s, "select rolpassword from pg_authid where rolname = 'postgres'"))
                    .startsWith("SCRAM-SHA-256$1:");
        }
    }

    private static void assertRefused(EmbeddedDatabase db, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "postgres", password).close())
                .as("connecting as postgres with password %s", password == null ? "none" : "'" + password + "'")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    private static String readKept(EmbeddedDatabase db, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
                Statement s = c.createStatement()) {
            return one(s, "select v from kept");
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
