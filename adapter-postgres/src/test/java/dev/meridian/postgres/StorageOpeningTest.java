package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.Website;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageOpeningTest {

    @TempDir
    Path dataDir;

    private static Website site(String id) {
        return new Website(id, "t-" + id, "example.com", null, "USD", "UTC", List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static StorageSettings onTheSharedServer(Path dataDir) {
        EmbeddedDatabase shared = TestDatabase.server();
        return StorageSettings.embedded(dataDir).withDatabase(shared.jdbcUrl(), shared.user(), shared.password());
    }

    @Test
    void theStorageOpensOnAThreadOfItsOwnAndIsTheTakersToClose() {
        StorageOpening opening = StorageOpening.start(onTheSharedServer(dataDir));

        PostgresStorage storage = opening.take();
        opening.close(); // taken: left to its taker
        storage.websites().save(site("f00000000000000000000011"));
        assertThat(storage.websites().byId("f00000000000000000000011")).isPresent();
        storage.close();
    }

    @Test
    void aFailedOpenFailsEveryWaitWithItsCause() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StorageOpening opening = StorageOpening.start(StorageSettings.embedded(dataDir)
                .withDatabase("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", "nobody", "nothing"));

        assertThatThrownBy(opening::awaitOpen).isInstanceOf(RuntimeException.class)
                .hasStackTraceContaining("127.0.0.1:" + closedPort);
        assertThatThrownBy(opening::take).isInstanceOf(RuntimeException.class);
        opening.close(); // nothing to close
        assertThat(opening.isDone()).isTrue();
    }

    @Test
    void anOpeningClosedBeforeAnyoneTookItClosesItsStorage() {
        PostgresStorage storage = PostgresStorage.open(onTheSharedServer(dataDir));
        StorageOpening untaken = StorageOpening.of(storage);
        untaken.awaitOpen();

        untaken.close();

        assertThatThrownBy(() -> storage.websites().save(site("f00000000000000000000012")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(untaken::take).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed before it was taken");
    }

    @Test
    void anOpeningClosedWhileItIsStillOpeningClosesTheStorageOnceOpenAndNobodyCanTakeIt() {
        StorageOpening opening = StorageOpening.start(onTheSharedServer(dataDir));
        opening.close(); // most likely still opening (the pool, the schema check): closed as soon as it is open

        assertThatThrownBy(opening::take).isInstanceOf(IllegalStateException.class);
        assertThat(opening.isDone()).isTrue();
    }
}
