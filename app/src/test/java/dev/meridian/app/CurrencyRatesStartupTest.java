package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.revenue.CurrencyRates;
import io.micronaut.context.ApplicationContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The currency table comes from configuration; a malformed one stops start-up naming the entry. */
class CurrencyRatesStartupTest {

    @TempDir
    Path dataDir;

    private Map<String, Object> config(String rates) {
        return Map.of("meridian.storage", "memory", "meridian.data-dir", dataDir.toString(),
                "meridian.enrichment.enabled", "false", "meridian.currency-rates", rates,
                "meridian.currency-reference", "eur");
    }

    @Test
    void theConfiguredRatesAndReferenceAreUsed() {
        try (ApplicationContext context = ApplicationContext.run(config("usd=0.93 GBP=1.17"))) {
            CurrencyRates rates = context.getBean(CurrencyRates.class);

            assertThat(rates.reference()).isEqualTo("EUR");
            assertThat(rates.rates()).isEqualTo(Map.of("EUR", BigDecimal.ONE, "USD", new BigDecimal("0.93"),
                    "GBP", new BigDecimal("1.17")));
        }
    }

    @Test
    void aMalformedTableStopsStartUpNamingTheEntry() {
        assertThatThrownBy(() -> ApplicationContext.run(config("EUR=1.08,GBP=abc")).close())
                .hasStackTraceContaining("GBP=abc");
    }
}
