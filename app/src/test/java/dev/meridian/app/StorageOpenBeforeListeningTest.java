package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.postgres.StorageOpening;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageOpenBeforeListeningTest {

    @TempDir
    Path dataDir;

    @Test
    void aServerListensOnlyOnceItsStorageIsOpen() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", "-1", "meridian.enrichment.enabled", "false",
                "meridian.data-dir", dataDir.toString()))) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.getApplicationContext().getBean(StorageOpening.class).isDone()).isTrue();
        }
    }

    @Test
    void aStorageThatCannotOpenStopsStartUpWithItsCause() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/none";
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", "-1", "meridian.enrichment.enabled", "false",
                    "meridian.data-dir", dataDir.toString(), "meridian.db.url", url,
                    "meridian.db.user", "nobody", "meridian.db.password", "nothing"))) {
                assertThat(server.isRunning()).isFalse(); // not reached
            }
        }).hasStackTraceContaining("127.0.0.1:" + closedPort);
    }
}
