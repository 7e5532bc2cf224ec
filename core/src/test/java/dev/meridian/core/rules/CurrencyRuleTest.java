package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrencyRuleTest {

    @Test
    void aKnownCodeInAnyCaseIsKeptUpperCase() {
        assertThat(CurrencyRule.code("currency", "usd")).isEqualTo("USD");
        assertThat(CurrencyRule.code("currency", " Eur ")).isEqualTo("EUR");
        assertThat(CurrencyRule.code("currency", "JPY")).isEqualTo("JPY");
    }

    @Test
    void unknownCodesAndOtherTextAreRefusedNamingTheField() {
        for (String refused : List.of("ABC", "XYZ", "US", "USDD", "dollars", "US1", "uſd", "U\u0000D", "")) {
            assertThatThrownBy(() -> CurrencyRule.code("currency", refused)).as(refused)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("currency");
        }
        assertThatThrownBy(() -> CurrencyRule.code("currency", "ABC"))
                .hasMessage("currency must be an ISO 4217 code such as USD, got 'ABC'");
    }
}
