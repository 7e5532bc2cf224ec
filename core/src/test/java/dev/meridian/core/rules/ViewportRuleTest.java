package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.Viewport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViewportRuleTest {

    @Test
    void wholeNumbersFromOneTo100000AreKept() {
        assertThat(ViewportRule.viewport("1440", "900")).isEqualTo(new Viewport(1440, 900));
        assertThat(ViewportRule.viewport("1", "100000")).isEqualTo(new Viewport(1, 100_000));
        assertThat(ViewportRule.viewport("1440.0", "9e2")).as("JSON spellings of whole numbers")
                .isEqualTo(new Viewport(1440, 900));
    }

    @Test
    void anAbsentSideIsUnknown() {
        assertThat(ViewportRule.viewport(null, null)).isEqualTo(Viewport.UNKNOWN);
        assertThat(ViewportRule.viewport("390", null)).isEqualTo(new Viewport(390, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001", "1e9", "12.5", "abc", "", "99999999999999999999999"})
    void anythingElseIsRefusedNamingTheSide(String value) {
        assertThatThrownBy(() -> ViewportRule.viewport(value, "900"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("viewport.width"))
                .hasMessageContaining("1 to 100000");
        assertThatThrownBy(() -> ViewportRule.viewport("900", value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("viewport.height"));
    }
}
