package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextRuleTest {

    @Test
    void everyC0ControlCharacterDelAndC1AreRefusedNamingTheField() {
        for (char c = 0; c <= 0x9F; c++) {
            boolean control = c < 0x20 || c >= 0x7F;
            String value = "a" + c + "b";
            if (control) {
                assertThatThrownBy(() -> TextRule.line("utm", value, 255)).as("U+%04X", (int) c)
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageStartingWith("utm must not contain control characters")
                        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("utm");
            } else {
                assertThat(TextRule.line("utm", value, 255)).isEqualTo(value);
            }
        }
    }

    @Test
    void aTabIsAllowedInFreeTextOnly() {
        assertThat(TextRule.free("description", "a\tb", 255)).isEqualTo("a\tb");
        assertThatThrownBy(() -> TextRule.line("user_id", "a\tb", 255)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextRule.free("description", "a\nb", 255)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextRule.free("description", "a\u0000b", 255)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anUnpairedSurrogateIsRefusedAndAPairIsText() {
        assertThat(TextRule.line("name", "ok \uD83D\uDE00", 255)).isEqualTo("ok \uD83D\uDE00");
        for (String broken : new String[] {"\uD83D", "a\uDE00", "\uD83Dx", "\uDE00\uD83D"}) {
            assertThatThrownBy(() -> TextRule.free("name", broken, 255)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("name is not valid Unicode text (an unpaired surrogate)");
        }
    }

    @Test
    void lengthIsCheckedAndNullStaysNull() {
        assertThat(TextRule.line("f", "x".repeat(255), 255)).hasSize(255);
        assertThatThrownBy(() -> TextRule.line("f", "x".repeat(256), 255)).hasMessage("f is longer than 255 characters");
        assertThat(TextRule.line("f", null, 255)).isNull();
        assertThatThrownBy(() -> TextRule.requiredLine("f", " ", 255)).hasMessage("f is required");
    }

    @Test
    void controlCharactersAreRefusedBeforeStrippingWouldCleanThemAway() {
        // String.strip removes U+001C..U+001F and line breaks: a rule must refuse them, never clean them away
        assertThatThrownBy(() -> TextRule.optionalFree("name", "\u001fAda", 255)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextRule.optionalLine("customer_id", "\rcus_1", 255)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextRule.optionalFree("name", "\n", 255)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> IdRule.optionalVisitorId("datafast_visitor_id", "\u001c5f026d54-3a84-4f07-9e36-e5434e665d8d"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CurrencyRule.code("currency", "\u001fUSD")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AmountRule.parse("\u001f12")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TimestampRule.required("timestamp", "2026-01-01T00:00:00Z\n", java.time.Instant.now()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(TextRule.optionalFree("name", "\tAda\t", 255)).as("a tab is white space free text may have")
                .isEqualTo("Ada");
    }

    @Test
    void optionalTextIsTrimmedAndBlankIsAbsent() {
        assertThat(TextRule.optionalFree("name", "  Ada  ", 255)).isEqualTo("Ada");
        assertThat(TextRule.optionalFree("name", " \t ", 255)).isNull();
        assertThat(TextRule.optionalLine("customer_id", "", 255)).isNull();
    }

    @Property(tries = 3000)
    void acceptsExactlyTextWithoutControlCharactersOrUnpairedSurrogates(@ForAll("texts") String text) {
        boolean clean = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                clean = false;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                clean = false;
            }
        }
        assertThat(TextRule.isClean(text)).as(text).isEqualTo(clean);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00FF').withChars('\uD83D', '\uDE00', '\uDC00', 'é')
                .ofMaxLength(12);
    }
}
