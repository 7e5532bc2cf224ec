package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A new data directory gets the build's ready-made cluster (initdb and migrations done at build time) when it fits,
 * and initdb otherwise; either way the server that starts is this installation's own.
 */
class ReadyMadeClusterStartTest {

    private static final Map<String, String> BUILD_ENVIRONMENT = Map.of("LANG", ReadyMadeCluster.BUILD_LOCALE);

    @TempDir
    Path dir;

    @Test
    void anEmptyDataDirectoryGetsTheBuildsClusterWithANewPasswordAndTheSchemaUpToDate() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, classpath(BUILD_ENVIRONMENT), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            String password = Files.readString(data.resolve("superuser-password")).strip();
            assertThat(password).isEqualTo(db.password()).hasSize(64);
            for (String refused : new String[] {null, "", "postgres"}) {
                assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "postgres", refused).close())
                        .isInstanceOf(SQLException.class).hasMessageContaining("password");
            }
            PGSimpleDataSource dataSource = dataSource(db);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThat(one(s, "select datcollate || ' ' || datctype || ' ' || pg_encoding_to_char(encoding) "
                        + "from pg_database where datname = current_database()")).isEqualTo("C.UTF-8 C.UTF-8 UTF8");
                assertThat(one(s, "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'postgres'"))
                        .isEqualTo("t");
            }
            assertThat(SchemaMigrations.history(dataSource)).as("Flyway's history as the build left it")
                    .isEqualTo(SchemaMigrations.released());
            assertThat(SchemaMigrations.migrate(dataSource)).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);

            int applied = Flyway.configure().dataSource(dataSource)
                    .locations("classpath:" + SchemaMigrations.LOCATION, "classpath:db/later-migration")
                    .load().migrate().migrationsExecuted;
            assertThat(applied).as("a migration released after the build's cluster still applies").isEqualTo(1);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThat(one(s, "select count(*) from later_migration")).isEqualTo("0");
            }
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0, false, classpath(BUILD_ENVIRONMENT), Map.of())) {
            assertThat(again.fromReadyMadeCluster()).as("a cluster that exists is used as it is").isFalse();
            try (Connection c = dataSource(again).getConnection(); Statement s = c.createStatement()) {
                assertThat(one(s, "select count(*) from later_migration")).isEqualTo("0");
            }
        }
    }

    @Test
    void twoInstallationsGetDifferentPasswordsAndNeitherOpensTheOther() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir.resolve("a"), 0, false, classpath(BUILD_ENVIRONMENT),
                Map.of());
                EmbeddedDatabase second = EmbeddedDatabase.start(dir.resolve("b"), 0, false,
                        classpath(BUILD_ENVIRONMENT), Map.of())) {
            assertThat(first.fromReadyMadeCluster()).isTrue();
            assertThat(second.fromReadyMadeCluster()).isTrue();
            assertThat(first.password()).isNotEqualTo(second.password());
            assertThatThrownBy(() -> DriverManager.getConnection(first.jdbcUrl(), "postgres", second.password()).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
        }
    }

    @Test
    void aClusterMadeForAnotherFingerprintIsNotUsedAndInitdbMakesOne() throws Exception {
        ReadyMadeCluster otherMigrations = new ReadyMadeCluster(name -> {
            InputStream in = ReadyMadeCluster.class.getResourceAsStream(name);
            if (!name.equals(ReadyMadeCluster.FINGERPRINT)) {
                return in;
            }
            try (in) {
                return new ByteArrayInputStream((new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        + "migration 12 V12__not_in_this_jar.sql 1\n").getBytes(StandardCharsets.UTF_8));
            }
        }, BUILD_ENVIRONMENT);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false, otherMigrations,
                Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isFalse();
            assertThat(SchemaMigrations.history(dataSource(db))).as("initdb's cluster: no migration yet").isNull();
        }
    }

    @Test
    void withoutTheResourceInitdbMakesTheCluster() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false,
                new ReadyMadeCluster(name -> null, BUILD_ENVIRONMENT), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isFalse();
            assertThat(SchemaMigrations.history(dataSource(db))).isNull();
        }
    }

    @Test
    void aStartInAnotherLocaleDoesNotTakeTheBuildsCluster() {
        Path data = dir.resolve("postgres");
        assertThat(classpath(Map.of("LANG", "C.UTF-8", "LC_COLLATE", "en_US.UTF-8")).provide(data)).isFalse();
        assertThat(data).doesNotExist();
    }

    @Test
    void aFailedUnpackLeavesNoHalfClusterAndTheNextStartWorks() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        ReadyMadeCluster truncated = new ReadyMadeCluster(name -> {
            InputStream in = ReadyMadeCluster.class.getResourceAsStream(name);
            if (!name.equals(ReadyMadeCluster.ARCHIVE)) {
                return in;
            }
            try (in) {
                byte[] archive = in.readAllBytes();
                return new ByteArrayInputStream(Arrays.copyOf(archive, archive.length / 2));
            }
        }, BUILD_ENVIRONMENT);

        assertThat(truncated.provide(data)).isFalse();
        assertThat(data).isEmptyDirectory();
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside).as("nothing left beside the data directory").containsExactly(data);
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, classpath(BUILD_ENVIRONMENT), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isTrue();
            assertThat(SchemaMigrations.migrate(dataSource(db))).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);
        }
    }

    @Test
    void anUnpackInterruptedByACrashIsRemovedAtTheNextStart() throws IOException {
        Path data = dir.resolve("postgres");
        Path interrupted = Files.createDirectories(dir.resolve(".postgres.ready-made-12345/base/1"));
        Files.writeString(interrupted.resolve("1259"), "half");

        assertThat(classpath(BUILD_ENVIRONMENT).provide(data)).isTrue();
        assertThat(data.resolve("PG_VERSION")).exists();
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside).containsExactly(data);
        }
    }

    @Test
    void aDataDirectoryWithAClusterOrOtherFilesIsLeftAsItIs() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(existing.resolve("PG_VERSION"), "16\n");
        assertThat(classpath(BUILD_ENVIRONMENT).provide(existing)).isFalse();
        try (Stream<Path> files = Files.list(existing)) {
            assertThat(files).containsExactly(existing.resolve("PG_VERSION"));
        }

        Path notEmpty = Files.createDirectories(dir.resolve("not-empty"));
        Files.writeString(notEmpty.resolve("someone's file"), "kept");
        assertThat(classpath(BUILD_ENVIRONMENT).provide(notEmpty)).as("the rename refuses a non-empty directory")
                .isFalse();
        try (Stream<Path> files = Files.list(notEmpty)) {
            assertThat(files).containsExactly(notEmpty.resolve("someone's file"));
        }
    }

    @Test
    void withoutASystemTarTheJavaUnpackMakesTheCluster() throws Exception {
        ReadyMadeCluster javaOnly = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_ENVIRONMENT,
                SystemTar.NONE);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false, javaOnly, Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isTrue();
            assertThat(SchemaMigrations.migrate(dataSource(db))).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);
        }
    }

    /** The build's cluster as a start finds it: unpacked by the system's tar where there is one (as here). */
    private static ReadyMadeCluster classpath(Map<String, String> environment) {
        return new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, environment,
                SystemTar.find(System.getenv()));
    }

    private static PGSimpleDataSource dataSource(EmbeddedDatabase db) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
