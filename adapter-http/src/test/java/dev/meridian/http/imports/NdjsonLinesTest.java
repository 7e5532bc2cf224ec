package dev.meridian.http.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.in.ImportLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How one NDJSON line becomes the fields of an {@link ImportLine}, and why a line is unreadable. */
class NdjsonLinesTest {

    @Test
    void scalarsBecomeTextNullsAreLeftOutAndExtraDataIsItsOwnMapInOrder() {
        ImportLine line = NdjsonLines.parse(7, "{\"type\":\"custom\",\"n\":12,\"f\":1.50,\"neg\":-0.25,\"t\":true,"
                + "\"no\":false,\"z\":null,\"big\":12345678901234567890,\"extraData\":{\"b\":1,\"a\":\"x\",\"nul\":null}}");

        assertThat(line.unreadable()).isNull();
        assertThat(line.number()).isEqualTo(7);
        assertThat(line.fields()).containsExactly(
                java.util.Map.entry("type", "custom"), java.util.Map.entry("n", "12"), java.util.Map.entry("f", "1.50"),
                java.util.Map.entry("neg", "-0.25"), java.util.Map.entry("t", "true"), java.util.Map.entry("no", "false"),
                java.util.Map.entry("big", "12345678901234567890"));
        assertThat(line.extraData()).containsExactly(java.util.Map.entry("b", "1"), java.util.Map.entry("a", "x"));
    }

    @Test
    void numbersAreHandedOnAsTheTextTheyWereSentAsNeverConverted() {
        ImportLine line = NdjsonLines.parse(1, "{\"amount\":1E-500000000,\"big\":1e400,\"small\":-0.0,"
                + "\"extraData\":{\"price\":49.90}}");

        assertThat(line.fields()).containsEntry("amount", "1E-500000000").containsEntry("big", "1e400")
                .containsEntry("small", "-0.0");
        assertThat(line.extraData()).containsEntry("price", "49.90");
    }

    @Test
    void aLineThatIsNotUtf8IsUnreadableWithItsNumberAndTheOthersAreRead() {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes("{\"a\":\"caf\u00e9\"}\n{\"a\":\"".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC3, 0x28});
        body.writeBytes("\"}\n{\"b\":\"\u2603\"}\n".getBytes(StandardCharsets.UTF_8));
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(body.toByteArray()));
        List<ImportLine> read = new ArrayList<>();
        lines.forEachRemaining(read::add);

        assertThat(read).hasSize(3);
        assertThat(read.get(0).fields()).containsEntry("a", "caf\u00e9");
        assertThat(read.get(1).unreadable()).isEqualTo("line is not valid UTF-8");
        assertThat(read.get(1).number()).isEqualTo(2);
        assertThat(read.get(2).fields()).containsEntry("b", "\u2603");
    }

    @Test
    void aLineIsTooLongByItsCharactersNotItsBytes() {
        String fits = "{\"a\":\"" + "\u20ac".repeat(NdjsonLines.MAX_LINE_LENGTH - 8) + "\"}";
        String over = "{\"a\":\"" + "\u20ac".repeat(NdjsonLines.MAX_LINE_LENGTH) + "\"}";

        List<ImportLine> lines = read(fits + "\n" + over + "\n" + "{\"b\":1}");

        assertThat(lines.get(0).unreadable()).isNull();
        assertThat(lines.get(1).unreadable()).isEqualTo("line is longer than " + NdjsonLines.MAX_LINE_LENGTH
                + " characters");
        assertThat(lines.get(2).fields()).containsEntry("b", "1");
    }

    @Test
    void aRepeatedMemberKeepsItsLastValue() {
        assertThat(NdjsonLines.parse(1, "{\"a\":\"1\",\"a\":\"2\"}").fields()).containsExactly(java.util.Map.entry("a", "2"));
    }

    @Test
    void unreadableLinesSayWhy() {
        assertThat(NdjsonLines.parse(1, "{\"a\":").unreadable()).startsWith("line is not valid JSON: ");
        assertThat(NdjsonLines.parse(1, "{\"a\":1} {\"b\":2}").unreadable())
                .isEqualTo("line is not valid JSON: more than one JSON value on the line");
        assertThat(NdjsonLines.parse(1, "[1]").unreadable()).isEqualTo("line must be one JSON object");
        assertThat(NdjsonLines.parse(1, "\"text\"").unreadable()).isEqualTo("line must be one JSON object");
        assertThat(NdjsonLines.parse(1, "{\"href\":[\"x\"]}").unreadable())
                .isEqualTo("href must be a string, number or boolean");
        assertThat(NdjsonLines.parse(1, "{\"href\":{\"x\":1}}").unreadable())
                .isEqualTo("href must be a string, number or boolean");
        assertThat(NdjsonLines.parse(1, "{\"extraData\":\"x\"}").unreadable()).isEqualTo("extraData must be an object");
        assertThat(NdjsonLines.parse(1, "{\"extraData\":{\"k\":{}}}").unreadable())
                .isEqualTo("extraData.k must be a string, number or boolean");
        assertThat(NdjsonLines.parse(1, "{\"extraData\":{\"k\":[1]}}").unreadable())
                .isEqualTo("extraData.k must be a string, number or boolean");
    }

    @Test
    void blankLinesHaveNoFieldsAndCarriageReturnsAreDropped() {
        List<ImportLine> lines = read("{\"a\":\"1\"}\r\n\n   \n{\"b\":\"2\"}");

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).fields()).containsEntry("a", "1");
        assertThat(lines.get(0).text()).isEqualTo("{\"a\":\"1\"}");
        assertThat(lines.get(1).fields()).isEmpty();
        assertThat(lines.get(2).fields()).isEmpty();
        assertThat(lines.get(3).number()).isEqualTo(4);
        assertThat(lines.get(3).fields()).containsEntry("b", "2");
    }

    private static List<ImportLine> read(String body) {
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        List<ImportLine> read = new ArrayList<>();
        lines.forEachRemaining(read::add);
        return read;
    }
}
