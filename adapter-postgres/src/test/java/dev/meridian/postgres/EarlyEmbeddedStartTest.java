package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL started before the context (by the application's main) is taken over by the storage's open
 * on that directory and port, stopped by an open for another one, and not taken over when its start failed.
 */
class EarlyEmbeddedStartTest {

    @TempDir
    Path dir;

    @Test
    void theStoragesOpenOnThatDirectoryTakesTheServerStartedEarlyOver() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0).close(); // a data directory with a cluster: what a warm start finds
        assertThat(EarlyEmbeddedStart.start(data, 0)).isTrue();
        assertThat(EarlyEmbeddedStart.start(data, 0)).as("one start at a time").isFalse();

        Optional<EmbeddedDatabase> early = EarlyEmbeddedStart.claim(data, 0);
        assertThat(early).isPresent();
        try (EmbeddedDatabase db = early.get()) {
            assertThat(db.dataDirectory()).isEqualTo(data.toAbsolutePath().normalize());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(EarlyEmbeddedStart.claim(data, 0)).as("claimed once").isEmpty();
        }

        assertThat(EarlyEmbeddedStart.start(data, 0)).isTrue();
        try (PostgresStorage storage = PostgresStorage.openClosedByOwner(StorageSettings.embedded(dir))) {
            assertThat(EarlyEmbeddedStart.claim(data, 0)).as("the open took it over").isEmpty();
            assertThat(storage.websites().byTrackingId("none")).isEmpty();
        }
    }

    @Test
    void mainLaunchesARememberedClustersServerItselfAndTheOpenTakesItOver() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data, 0).close(); // zonky's start, which remembers the binaries
        assertThat(data.resolve(ServerLaunch.RECORD)).exists();

        assertThat(PostgresStorageFactory.startEmbeddedEarly(Map.of("MERIDIAN_DATA_DIR", dir.toString()),
                name -> null, new String[0])).contains(data);

        Optional<EmbeddedDatabase> early = EarlyEmbeddedStart.claim(data, 0);
        assertThat(early).isPresent();
        try (EmbeddedDatabase db = early.get()) {
            assertThat(db.launchedDirectly()).isTrue();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void anOpenForAnotherDirectoryStopsTheServerStartedEarly() throws Exception {
        Path guessed = dir.resolve("guessed").resolve("postgres");
        Path configured = dir.resolve("configured").resolve("postgres");
        EmbeddedDatabase.start(guessed, 0).close();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(EarlyEmbeddedStart.start(guessed, port)).isTrue();

        assertThat(EarlyEmbeddedStart.claim(configured, 0)).isEmpty();

        String password = EmbeddedAccess.storedPassword(guessed).orElseThrow();
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean stopped = false;
        while (!stopped && System.nanoTime() < deadline) { // stopped once its start has ended
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                    "postgres", password)) {
                Thread.sleep(50);
            } catch (SQLException refused) {
                stopped = true;
            }
        }
        assertThat(stopped).as("the server started early on the guessed directory stops").isTrue();
    }

    @Test
    void aFailedEarlyStartIsNotTakenOverAndTheOpenReportsTheFailureItself() throws Exception {
        Path data = java.nio.file.Files.createFile(dir.resolve("postgres")); // a file where the directory should be
        assertThat(EarlyEmbeddedStart.start(data, 0)).isTrue();

        assertThat(EarlyEmbeddedStart.claim(data, 0)).isEmpty();
        assertThatThrownBy(() -> PostgresStorage.openClosedByOwner(StorageSettings.embedded(dir)))
                .isInstanceOf(RuntimeException.class).hasMessageContaining(data.toString());
    }
}
