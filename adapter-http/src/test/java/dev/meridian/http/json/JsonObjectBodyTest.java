package dev.meridian.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the body parser refuses before any field is read; each refusal names the body. */
class JsonObjectBodyTest {

    private static void assertRefused(byte[] body, String messagePart) {
        assertThatThrownBy(() -> JsonObjectBody.parse(body))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void invalidUtf8EvenInAMemberNameJacksonWouldAcceptIsRefused() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("{\"name\":\"signup\",\"description"));
        body.writeBytes(new byte[] {(byte) 0xC3, 0x28});
        body.writeBytes(utf8("\":12}"));

        assertRefused(body.toByteArray(), "not valid UTF-8");
        assertRefused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                "not valid UTF-8");
        assertThat(JsonObjectBody.parse(utf8("{\"name\":\"caf\u00e9 \u2603\"}")).optionalString("name"))
                .isEqualTo("caf\u00e9 \u2603");
    }

    @Test
    void nestingTenThousandLevelsDeepIsRefusedAsMalformedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        assertRefused(utf8(deep), "Malformed JSON");
    }

    @Test
    void aNumberOfTwoThousandDigitsIsRefusedAsMalformed() {
        assertRefused(utf8("{\"amount\":" + "9".repeat(2000) + "}"), "Malformed JSON");
    }

    @Test
    void nonFiniteLiteralsAreNotJson() {
        for (String literal : new String[] {"NaN", "Infinity", "-Infinity", "+1", "01"}) {
            assertRefused(utf8("{\"amount\":" + literal + "}"), "Malformed JSON");
        }
    }
}
