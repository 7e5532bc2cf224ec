package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The fast path reads what {@link OffsetDateTime#parse} reads, and leaves everything else to it. */
class IsoTimestampsTest {

    /** 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
    static final long FIRST = -62_167_219_200L;
    static final long LAST = 253_402_300_799L;

    @Property(tries = 2000)
    void everyUtcTimestampWithUpToNineFractionDigitsIsReadAsTheFormatterReadsIt(
            @ForAll @LongRange(min = FIRST, max = LAST) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
        String text = Instant.ofEpochSecond(seconds).toString().substring(0, 19);
        if (fractionDigits > 0) {
            text += "." + String.format("%09d", nanos).substring(0, fractionDigits);
        }
        text += "Z";

        assertThat(IsoTimestamps.utc(text)).as(text).isNotNull().isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Property(tries = 3000)
    void anyTextIsReadAsTheFormatterReadsItOrRefusedLikeIt(@ForAll("timestampLike") String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThat(IsoTimestamps.utc(text)).as(text).isNull();
            assertThatThrownBy(() -> IsoTimestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(expected);
    }

    /** Mutations of a valid timestamp: digits, separators and offsets swapped, characters dropped or added. */
    @Provide
    Arbitrary<String> timestampLike() {
        Arbitrary<String> base = Arbitraries.of("2026-02-06T05:27:20.417Z", "2024-02-29T23:59:59Z",
                "2023-02-29T10:00:00Z", "2026-12-31T24:00:00.5Z", "2026-02-06T05:27:20.123456789Z",
                "2026-02-06T05:27:20+02:00", "2026-02-06T05:27Z", "2026-02-06t05:27:20z", "2026-13-01T00:00:00Z",
                "2026-02-06T05:27:60Z", "2026-02-06T05:27:20.Z", "2026-02-06T05:27:20.1234567890Z");
        Arbitrary<Character> replacement = Arbitraries.of('0', '1', '2', '3', '9', '-', ':', 'T', 'Z', '.', '+', ' ', 'x');
        return base.flatMap(b -> Arbitraries.integers().between(0, b.length() - 1).flatMap(at ->
                Arbitraries.integers().between(0, 3).flatMap(kind -> replacement.map(c -> switch (kind) {
                    case 0 -> b;
                    case 1 -> b.substring(0, at) + c + b.substring(at + 1);
                    case 2 -> b.substring(0, at) + b.substring(at + 1);
                    default -> b.substring(0, at) + c + b.substring(at);
                }))));
    }

    @Test
    void otherOffsetsAndShortFormsAreLeftToTheFormatter() {
        assertThat(IsoTimestamps.utc("2026-02-06T05:27:20+02:00")).isNull();
        assertThat(IsoTimestamps.parse("2026-02-06T05:27:20+02:00")).isEqualTo(Instant.parse("2026-02-06T03:27:20Z"));
        assertThat(IsoTimestamps.utc("2026-02-06T05:27Z")).isNull();
        assertThat(IsoTimestamps.parse("2026-02-06T05:27Z")).isEqualTo(Instant.parse("2026-02-06T05:27:00Z"));
        assertThat(IsoTimestamps.utc("2023-02-29T10:00:00Z")).isNull();
        assertThatThrownBy(() -> IsoTimestamps.parse("2023-02-29T10:00:00Z")).isInstanceOf(DateTimeParseException.class);
    }
}
