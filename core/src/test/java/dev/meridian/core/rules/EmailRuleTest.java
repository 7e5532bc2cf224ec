package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class EmailRuleTest {

    @Test
    void anEmailIsTrimmedAndBlankIsAbsentNeverEmpty() {
        assertThat(EmailRule.optional("email", "  ada@example.com ")).isEqualTo("ada@example.com");
        assertThat(EmailRule.optional("email", "")).isNull();
        assertThat(EmailRule.optional("email", "   ")).isNull();
        assertThat(EmailRule.optional("email", null)).isNull();
    }

    @Test
    void controlCharactersAndOverlongAddressesAreRefused() {
        assertThatThrownBy(() -> EmailRule.optional("email", "ada\u0000@example.com"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("email must not contain control");
        assertThatThrownBy(() -> EmailRule.optional("email", "a\t@example.com")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EmailRule.optional("email", "e".repeat(256)))
                .hasMessage("email is longer than 255 characters");
    }
}
