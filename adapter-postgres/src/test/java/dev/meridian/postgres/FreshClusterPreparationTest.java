package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A new data directory's cluster prepared before the context (unpacked beside, synced, secured), taken over by the
 * start on that directory, discarded by a start on another one.
 */
class FreshClusterPreparationTest {

    private static final Map<String, String> BUILD_ENVIRONMENT = Map.of("LANG", ReadyMadeCluster.BUILD_LOCALE);

    @TempDir
    Path dir;

    @Test
    void theStartOnThePreparedDirectoryTakesItsClusterOverInsteadOfMakingOne() throws Exception {
        Path data = dir.resolve("postgres");
        assertThat(FreshClusterPreparation.start(data, classpath())).isTrue();
        assertThat(FreshClusterPreparation.start(data, classpath())).as("one preparation at a time").isFalse();

        // ReadyMadeCluster.none(): had the start made the cluster itself, initdb would have (no migrations applied)
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, ReadyMadeCluster.none(), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isTrue();
            String password = Files.readString(data.resolve(EmbeddedAccess.PASSWORD_FILE)).strip();
            assertThat(password).isEqualTo(db.password()).hasSize(64);
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(EmbeddedAccess.HBA);
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(db.jdbcUrl());
            dataSource.setUser(db.user());
            dataSource.setPassword(db.password());
            assertThat(SchemaMigrations.migrate(dataSource)).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);
        }
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside).as("nothing left beside the data directory").containsExactly(data);
        }
    }

    @Test
    void aStartOnAnotherDirectoryDiscardsThePreparationAndMakesItsOwn() throws Exception {
        Path guessed = Files.createDirectories(dir.resolve("guessed")).resolve("postgres");
        Path configured = dir.resolve("configured").resolve("postgres");
        assertThat(FreshClusterPreparation.start(guessed, classpath())).isTrue();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(configured, 0, false, classpath(), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).isTrue();
            assertThat(db.dataDirectory()).isEqualTo(configured);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!empty(guessed.getParent()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(guessed.getParent()).as("the preparation beside the guessed directory, removed once done")
                .isEmptyDirectory();
    }

    @Test
    void aDirectoryWithAClusterIsNotPrepared() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(existing.resolve("PG_VERSION"), "17\n");
        assertThat(FreshClusterPreparation.start(existing, classpath())).isFalse();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(existing);
        }
    }

    @Test
    void aPreparationWhosePasswordFailsLeavesNothingAndTheStartMakesTheClusterItself() throws Exception {
        // the ready-made cluster with a PG_VERSION no server accepts: the single-user password fails, beside the sync
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        try (var archive = ReadyMadeCluster.class.getResourceAsStream(ReadyMadeCluster.ARCHIVE)) {
            ReadyMadeCluster.unpack(archive, unpacked);
        }
        Files.writeString(unpacked.resolve("PG_VERSION"), "99\n");
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        ReadyMadeCluster.pack(unpacked, broken);
        ReadyMadeCluster brokenCluster = new ReadyMadeCluster(name -> name.equals(ReadyMadeCluster.ARCHIVE)
                ? new ByteArrayInputStream(broken.toByteArray()) : ReadyMadeCluster.class.getResourceAsStream(name),
                BUILD_ENVIRONMENT, SystemTar.find(System.getenv()));
        Path data = Files.createDirectories(dir.resolve("data")).resolve("postgres");

        assertThat(FreshClusterPreparation.start(data, brokenCluster)).isTrue();
        assertThat(FreshClusterPreparation.claim(data)).as("the preparation failed").isEmpty();
        try (Stream<Path> beside = Files.list(data.getParent())) {
            assertThat(beside).as("nothing left beside the data directory").isEmpty();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, classpath(), Map.of())) {
            assertThat(db.fromReadyMadeCluster()).as("the start unpacked the cluster itself").isTrue();
            assertThat(Files.readString(data.resolve("PG_VERSION")).strip()).isNotEqualTo("99");
        }
    }

    private static boolean empty(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
    }

    private static ReadyMadeCluster classpath() {
        return new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_ENVIRONMENT,
                SystemTar.find(System.getenv()));
    }
}
