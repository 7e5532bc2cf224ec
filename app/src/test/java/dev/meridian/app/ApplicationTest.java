package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
}
