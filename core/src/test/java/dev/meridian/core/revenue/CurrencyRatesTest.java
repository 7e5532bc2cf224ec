package dev.meridian.core.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyRatesTest {

    private final List<String> missing = new ArrayList<>();
    private final CurrencyRates rates = CurrencyRates.parse("USD", "EUR=1.08, GBP=1.25;JPY=0.0067")
            .onMissingRate(missing::add);

    @Test
    void anAmountInTheSameCurrencyIsUnchangedWithoutAnyRate() {
        assertThat(CurrencyRates.none().convert(new BigDecimal("49.90"), "CHF", "chf")).contains(new BigDecimal("49.90"));
    }

    @Test
    void aRateSaysWhatOneUnitIsWorthInTheReference() {
        assertThat(rates.convert(new BigDecimal("100"), "EUR", "USD")).contains(new BigDecimal("108"));
        assertThat(rates.convert(new BigDecimal("108"), "USD", "EUR")).contains(new BigDecimal("100"));
    }

    @Test
    void twoForeignCurrenciesConvertThroughTheReference() {
        // 10 GBP = 12.50 USD = 11.574074… EUR
        assertThat(rates.convert(BigDecimal.TEN, "GBP", "EUR")).contains(new BigDecimal("11.574074"));
        assertThat(rates.convert(new BigDecimal("1000"), "JPY", "USD")).contains(new BigDecimal("6.7"));
    }

    @Test
    void aCurrencyWithoutARateConvertsToNothingAndIsReportedOnce() {
        assertThat(rates.convert(BigDecimal.TEN, "CHF", "USD")).isEmpty();
        assertThat(rates.convert(BigDecimal.ONE, "CHF", "EUR")).isEmpty();
        assertThat(rates.convert(BigDecimal.ONE, "USD", "SEK")).isEmpty();

        assertThat(missing).containsExactly("CHF", "SEK");
    }

    @Test
    void codesAreCheckedAgainstIso4217AndRatesMustBePositive() {
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUX=1.1")).hasMessageContaining("'EUX'");
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR=0")).hasMessageContaining("EUR must be positive");
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR=abc")).hasMessageContaining("EUR=abc");
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR")).hasMessageContaining("CODE=rate");
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR=1.1,eur=1.2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> CurrencyRates.parse("USD", "USD=2")).hasMessageContaining("reference currency USD");
    }

    @Test
    void anEmptyTableHasOnlyTheReference() {
        assertThat(CurrencyRates.parse("eur", " ").rates()).isEqualTo(Map.of("EUR", BigDecimal.ONE));
    }
}
