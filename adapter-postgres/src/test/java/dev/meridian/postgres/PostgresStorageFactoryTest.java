package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresStorageFactoryTest {

    @TempDir
    Path dataDir;

    private static Website site(String id) {
        return new Website(id, "t-" + id, "example.com", null, "USD", "UTC", List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void withMemoryStorageNoStorageBeanExistsAndNoDatabaseStarts() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "meridian.storage", "memory", "meridian.data-dir", dataDir.toString()))) {
            assertThat(context.containsBean(PostgresStorage.class)).isFalse();
            assertThat(context.containsBean(Storage.class)).isFalse();
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    @Test
    void withADatabaseUrlTheStorageBeanHasEveryPortOnThatDatabase() {
        EmbeddedDatabase shared = TestDatabase.server();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "meridian.db.url", shared.jdbcUrl(), "meridian.db.user", shared.user(),
                "meridian.db.password", shared.password(),
                "meridian.data-dir", dataDir.toString()))) {
            Storage storage = context.getBean(Storage.class);
            assertThat(List.of(storage.eventLog(), storage.visitors(), storage.conversionHistory(), storage.payments(),
                    storage.websites(), storage.credentials(), storage.importSink().orElseThrow(),
                    storage.robotCounts().orElseThrow())).doesNotContainNull();
            storage.websites().save(site("f00000000000000000000001"));

            assertThat(TestDatabase.storage().websites().byId("f00000000000000000000001")).isPresent();
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    @Test
    void withNothingConfiguredAnEmbeddedDatabaseUnderTheDataDirectoryKeepsDataAcrossRestarts() {
        Map<String, Object> config = Map.of("meridian.data-dir", dataDir.toString());
        try (ApplicationContext first = ApplicationContext.run(config)) {
            // started and migrated with the context (on a thread of its own), before anyone asks for a port
            first.getBean(StorageOpening.class).awaitOpen();
            assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();
            first.getBean(Storage.class).websites().save(site("f00000000000000000000002"));
        }

        try (ApplicationContext second = ApplicationContext.run(config)) {
            assertThat(second.getBean(Storage.class).websites().byId("f00000000000000000000002")).isPresent();
        }
    }

    @Test
    void aDataDirectoryStartingWithTildeIsUnderTheHomeDirectory() {
        assertThat(PostgresStorageFactory.dataDirectory("~/m"))
                .isEqualTo(Path.of(System.getProperty("user.home"), "m"));
        assertThat(PostgresStorageFactory.dataDirectory("")).isEqualTo(
                Path.of(System.getProperty("user.home"), ".meridian"));
        assertThat(Files.isDirectory(dataDir)).isTrue();
    }

    @Test
    void theEmbeddedDataDirectoryIsGuessedBeforeTheConfigurationOnlyWhereThatIsSafe() {
        String[] none = new String[0];
        Map<String, String> properties = new java.util.HashMap<>();
        Path home = Path.of(System.getProperty("user.home"), ".meridian", "postgres");
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(Map.of(), properties::get, none))
                .contains(home);
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MERIDIAN_DATA_DIR", "/srv/meridian"), properties::get, none))
                .contains(Path.of("/srv/meridian/postgres"));
        properties.put("meridian.data-dir", "~/elsewhere");
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MERIDIAN_DATA_DIR", "/srv/meridian"), properties::get, none))
                .as("a system property outranks the environment, as in Micronaut")
                .contains(Path.of(System.getProperty("user.home"), "elsewhere", "postgres"));
        properties.clear();

        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(Map.of(), properties::get,
                new String[] {"--meridian.data-dir=/x"})).as("command-line arguments").isEmpty();
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MICRONAUT_CONFIG_FILES", "/etc/meridian.yml"), properties::get, none))
                .as("a configuration file may name another").isEmpty();
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MERIDIAN_STORAGE", "memory"), properties::get, none)).isEmpty();
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MERIDIAN_DB_URL", "jdbc:postgresql://db/meridian"), properties::get, none)).isEmpty();
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MICRONAUT_APPLICATION_JSON", "{}"), properties::get, none))
                .as("configuration given as JSON may name another").isEmpty();
        properties.put("meridian.storage", "memory");
        assertThat(PostgresStorageFactory.embeddedDataDirectoryBeforeConfiguration(
                Map.of("MERIDIAN_STORAGE", "postgres"), properties::get, none)).isEmpty();
    }

    @Test
    void theEmbeddedPortIsReadBeforeTheConfigurationAsMicronautWouldReadIt() {
        assertThat(PostgresStorageFactory.embeddedPort(null)).contains(0);
        assertThat(PostgresStorageFactory.embeddedPort(" ")).contains(0);
        assertThat(PostgresStorageFactory.embeddedPort(" 5433 ")).contains(5433);
        assertThat(PostgresStorageFactory.embeddedPort("5433x")).as("not a port: left to the context").isEmpty();
        assertThat(PostgresStorageFactory.embeddedPort("70000")).isEmpty();
    }
}
