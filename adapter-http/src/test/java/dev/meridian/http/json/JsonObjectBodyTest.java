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

    @Test
    void aNumberIsHandedOnAsTheTextItWasSentAsNeverConverted() {
        JsonObjectBody body = JsonObjectBody.parse(utf8("{\"amount\":1E-500000000,\"price\":49.90,\"big\":1e400,"
                + "\"id\":12345678901234567890,\"metadata\":{\"n\":1.50,\"t\":true}}"));

        assertThat(body.optionalStringOrNumber("amount")).isEqualTo("1E-500000000");
        assertThat(body.optionalStringOrNumber("price")).isEqualTo("49.90");
        assertThat(body.optionalStringOrNumber("big")).isEqualTo("1e400");
        assertThat(body.optionalStringOrNumber("id")).isEqualTo("12345678901234567890");
        assertThat(body.scalarMap("metadata")).containsExactly(java.util.Map.entry("n", "1.50"),
                java.util.Map.entry("t", "true"));
        assertThat(body.scalarFieldsExcept(java.util.Set.of("metadata"))).containsEntry("price", "49.90");
    }

    @Test
    void typesAreCheckedAtEveryLevelKeptAndDeeperLevelsAreOnlyParsed() {
        JsonObjectBody body = JsonObjectBody.parse(utf8("{\"viewport\":{\"w\":{\"deep\":[1,2,{\"x\":1e999999}]}},"
                + "\"list\":[{\"a\":1}],\"flag\":false,\"none\":null,\"extraData\":{\"k\":[1]}}"));

        body.checkType("viewport", JsonObjectBody.Kind.OBJECT);
        body.checkType("list", JsonObjectBody.Kind.ARRAY);
        body.checkType("none", JsonObjectBody.Kind.STRING);
        assertThat(body.optionalBoolean("flag", true)).isFalse();
        assertThat(body.optionalBoolean("none", true)).isTrue();
        assertThatThrownBy(() -> body.checkType("flag", JsonObjectBody.Kind.STRING, JsonObjectBody.Kind.NUMBER))
                .hasMessage("flag must be a string or a number, not a boolean");
        assertThatThrownBy(() -> body.scalarMap("extraData")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("extraData.k"));
        assertThatThrownBy(() -> body.optionalString("list")).hasMessage("list must be a string, not an array");
    }

    @Test
    void aRepeatedMemberKeepsItsLastValueAndTrailingContentIsRefused() {
        assertThat(JsonObjectBody.parse(utf8("{\"a\":\"1\",\"a\":\"2\"}")).optionalString("a")).isEqualTo("2");
        assertRefused(utf8("{}{}"), "Malformed JSON");
        assertRefused(utf8("{} x"), "Malformed JSON");
        assertRefused(utf8("{\"a\":1,}"), "Malformed JSON");
        assertRefused(utf8("[{}]"), "must be a JSON object");
        assertRefused(utf8("42"), "must be a JSON object");
    }
}
