package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.out.Websites;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL started before the storage (by the application's main) and what becomes of it. */
class EarlyEmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void theStorageOfAContextWhoseSettingsNameTheEarlyDatabaseRunsOnThatServer() throws Exception {
        EarlyEmbeddedDatabase early = EarlyEmbeddedDatabase.start(dataDir, 0);
        int earlyPort = early.port();
        long earlyServer = postmaster(dataDir).orElseThrow();

        try (ApplicationContext context = ApplicationContext.builder()
                .properties(java.util.Map.of("meridian.data-dir", dataDir.toString()))
                .singletons(early).start()) {
            PostgresStorage storage = context.getBean(PostgresStorage.class);
            assertThat(early.isHandedOver()).isTrue();
            try (Connection c = storage.dataSource().getConnection()) {
                assertThat(c.getMetaData().getURL()).contains("localhost:" + earlyPort + "/");
            }
            assertThat(postmaster(dataDir)).as("the same server process, not one started again").contains(earlyServer);
            assertThat(context.getBean(Websites.class).byId("f00000000000000000000009")).isEmpty(); // migrated
        }
        assertThat(exited(earlyServer)).as("stopped with the context, which owns it now").isTrue();
    }

    @Test
    void aStorageOnAnotherDatabaseStopsTheEarlyOne() throws Exception {
        EarlyEmbeddedDatabase early = EarlyEmbeddedDatabase.start(dataDir, 0);
        early.port(); // waits for the start
        long earlyServer = postmaster(dataDir).orElseThrow();
        EmbeddedDatabase other = TestDatabase.server();
        StorageSettings external = StorageSettings.external(other.jdbcUrl(), other.user(), other.password());
        assertThat(early.matches(external)).isFalse();
        assertThat(early.matches(StorageSettings.embedded(dataDir).withEmbeddedPort(5999))).isFalse();
        assertThat(early.matches(StorageSettings.embedded(dataDir.resolve("other")))).isFalse();
        assertThat(early.matches(StorageSettings.embedded(dataDir.resolve("x").resolve("..")))).isTrue();

        try (PostgresStorage storage = PostgresStorage.openClosedByOwner(external, early)) {
            assertThat(early.isHandedOver()).isTrue();
            assertThat(exited(earlyServer)).as("the early server was stopped").isTrue();
            try (Connection c = storage.dataSource().getConnection()) {
                assertThat(c.getMetaData().getURL()).contains("localhost:" + other.port() + "/");
            }
        }
    }

    @Test
    void anEarlyStartThatFailedFailsTheStorageWithItsCause() throws IOException {
        Path notADirectory = Files.writeString(dataDir.resolve("file"), "x");
        EarlyEmbeddedDatabase early = EarlyEmbeddedDatabase.start(notADirectory, 0);

        assertThatThrownBy(() -> PostgresStorage.openClosedByOwner(StorageSettings.embedded(notADirectory), early))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot start embedded PostgreSQL");
        early.discard(); // nothing left to stop: does not throw
        assertThatThrownBy(early::take).isInstanceOf(IllegalStateException.class);
    }

    /** Whether the process exits (or has exited) within 30 s: a stopped server's process may take a moment to go. */
    private static boolean exited(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pid of the postmaster running on the data directory's {@code postgres} folder, if one is. */
    private static Optional<Long> postmaster(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
