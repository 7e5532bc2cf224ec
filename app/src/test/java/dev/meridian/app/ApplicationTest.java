package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What {@link Application#main} decides before the configuration is read. */
class ApplicationTest {

    @Test
    void theParsersLoadStartsFirstUnlessEnrichmentIsTurnedOffByEnvironmentOrSystemProperty() {
        assertThat(Application.enrichmentMayBeOn(Map.of(), null)).isTrue();
        assertThat(Application.enrichmentMayBeOn(Map.of("MERIDIAN_ENRICHMENT_ENABLED", "true"), null)).isTrue();
        assertThat(Application.enrichmentMayBeOn(Map.of("MERIDIAN_ENRICHMENT_ENABLED", "false"), null)).isFalse();
        assertThat(Application.enrichmentMayBeOn(Map.of("MERIDIAN_ENRICHMENT_ENABLED", " FALSE "), null)).isFalse();
        assertThat(Application.enrichmentMayBeOn(Map.of(), "false")).isFalse();
        assertThat(Application.enrichmentMayBeOn(Map.of("MERIDIAN_ENRICHMENT_ENABLED", "false"), "true"))
                .as("a system property wins over the environment, as in Micronaut").isTrue();
    }

    private static final String[] NO_ARGS = {};

    private static Optional<Application.EarlyDatabase> early(Map<String, String> environment, Properties system,
            String... args) {
        return Application.embeddedDatabaseToStartEarly(environment, system, args);
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void withNothingConfiguredTheEmbeddedDatabaseOfTheDefaultDataDirectoryStartsEarlyOnAnyPort() {
        assertThat(early(Map.of(), properties()))
                .contains(new Application.EarlyDatabase(Path.of(System.getProperty("user.home"), ".meridian"), 0));
    }

    @Test
    void theEarlyDatabaseFollowsTheDataDirectoryAndPortOfTheEnvironmentAndSystemPropertiesAsMicronautDoes() {
        assertThat(early(Map.of("MERIDIAN_DATA_DIR", "/srv/m", "MERIDIAN_DB_EMBEDDED_PORT", "5544"), properties()))
                .contains(new Application.EarlyDatabase(Path.of("/srv/m"), 5544));
        assertThat(early(Map.of("MERIDIAN_DATA_DIR", "~/m"), properties()))
                .contains(new Application.EarlyDatabase(Path.of(System.getProperty("user.home"), "m"), 0));
        assertThat(early(Map.of("MERIDIAN_DATA_DIR", "/srv/env", "MERIDIAN_STORAGE", "postgres"),
                properties("meridian.data-dir", "/srv/prop", "meridian.db.embedded-port", "6000")))
                .as("a system property wins over the environment")
                .contains(new Application.EarlyDatabase(Path.of("/srv/prop"), 6000));
    }

    @Test
    void noDatabaseStartsEarlyWhenTheStorageIsAnotherOrTheConfigurationMayComeFromElsewhere() {
        assertThat(early(Map.of("MERIDIAN_STORAGE", "memory"), properties())).isEmpty();
        assertThat(early(Map.of(), properties("meridian.storage", "memory"))).isEmpty();
        assertThat(early(Map.of("MERIDIAN_DB_URL", "jdbc:postgresql://db/meridian"), properties())).isEmpty();
        assertThat(early(Map.of(), properties("meridian.db.url", "jdbc:postgresql://db/meridian"))).isEmpty();
        assertThat(early(Map.of("MICRONAUT_CONFIG_FILES", "/etc/meridian.yml"), properties())).isEmpty();
        assertThat(early(Map.of(), properties("micronaut.config.files", "/etc/meridian.yml"))).isEmpty();
        assertThat(early(Map.of("MICRONAUT_ENVIRONMENTS", "staging"), properties())).isEmpty();
        assertThat(early(Map.of("MICRONAUT_APPLICATION_JSON", "{}"), properties())).isEmpty();
        assertThat(early(Map.of("SPRING_APPLICATION_JSON", "{}"), properties())).isEmpty();
        assertThat(early(Map.of(), properties(), "--meridian.storage=memory")).isEmpty();
        assertThat(early(Map.of("MERIDIAN_DATA_DIR", "${HOME}/m"), properties())).isEmpty();
        assertThat(early(Map.of("MERIDIAN_DB_EMBEDDED_PORT", "not-a-port"), properties()))
                .as("left to the configuration, which refuses it with its own message").isEmpty();
        assertThat(early(Map.of("MERIDIAN_DB_URL", " "), properties())).as("blank: the embedded database").isPresent();
        assertThat(early(Map.of(), properties(), NO_ARGS)).isPresent();
    }
}
