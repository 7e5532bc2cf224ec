package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.meridian.ports.error.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AmountRuleTest {

    static final Pattern GRAMMAR = Pattern.compile("-?\\d{1,12}(\\.\\d{1,8})?");

    @Property(tries = 5000)
    void theGrammarAcceptsExactlyWhatTheContractsPatternAccepts(@ForAll("numberLike") String text) {
        assertThat(AmountRule.matchesGrammar(text)).as(text).isEqualTo(GRAMMAR.matcher(text).matches());
    }

    /** Digits, points, signs, exponents and letters in runs around the grammar's limits. */
    @Provide
    Arbitrary<String> numberLike() {
        return Arbitraries.strings().withChars("0123456789.-+eE xN").ofMinLength(0).ofMaxLength(24);
    }

    @Test
    void anAmountIsTheExactDecimalSentWithItsScale() {
        assertThat(AmountRule.parse("49.90")).isEqualTo(new BigDecimal("49.90"));
        assertThat(AmountRule.parse(" 0 ")).isEqualTo(BigDecimal.ZERO);
        assertThat(AmountRule.parse("999999999999.99999999")).isEqualTo(new BigDecimal("999999999999.99999999"));
    }

    @Test
    void exponentsNonFiniteValuesAndTooManyDigitsAreRefusedNamingAmount() {
        for (String refused : List.of("1E-500000000", "1e400", "1E+2", "NaN", "Infinity", "-Infinity", "0x10", "1,5",
                "1000000000000", "0.123456789", "+1", ".5", "5.", "--1", "1" + "0".repeat(5000))) {
            assertThatThrownBy(() -> AmountRule.parse(refused)).as(refused).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("amount must be a decimal number of at most 12 digits before the point")
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("amount");
        }
    }

    @Test
    void anExponentAmountIsRefusedWithoutBuildingTheNumber() {
        // new BigDecimal("1E-500000000") rounded to 8 places kept a core busy for minutes: the grammar comes first
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 1_000; i++) {
                assertThatThrownBy(() -> AmountRule.parse("1E-500000000")).isInstanceOf(InvalidInputException.class);
            }
        });
    }

    @Test
    void negativeAmountsAndMissingOnesAreRefused() {
        assertThatThrownBy(() -> AmountRule.parse("-0.01")).hasMessage("amount must be 0 or more, got -0.01");
        assertThatThrownBy(() -> AmountRule.parse(null)).hasMessage("amount is required");
        assertThatThrownBy(() -> AmountRule.parse(" ")).hasMessage("amount is required");
    }

    @Test
    void aLongRefusedValueIsQuotedShortened() {
        assertThatThrownBy(() -> AmountRule.parse("9".repeat(60_000)))
                .hasMessageEndingWith("got '" + "9".repeat(40) + "…'");
    }
}
