package dev.meridian.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksTabsAndOtherControlCharactersAreEscaped() {
        assertThat(LogText.escape("a\r\nb\tc\u0000d\u001be\u007ff\u0085g\u2028h\u2029i"))
                .isEqualTo("a\\r\\nb\\tc\\u0000d\\u001be\\u007ff\\u0085g\\u2028h\\u2029i");
    }

    @Test
    void textWithoutControlCharactersIsKeptAsItIs() {
        String text = "GET /api/v1/x?y=\\n ünïcødé 😀";
        assertThat(LogText.escape(text)).isSameAs(text);
        assertThat(LogText.escape(null)).isNull();
    }
}
