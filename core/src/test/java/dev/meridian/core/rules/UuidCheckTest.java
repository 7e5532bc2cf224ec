package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written UUID v4 check accepts exactly what the API's pattern accepts. */
class UuidCheckTest {

    static final Pattern API_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Property(tries = 5000)
    void acceptsExactlyWhatThePatternAccepts(@ForAll("uuidLike") String text) {
        assertThat(IdRule.isUuidV4(text, 0)).as(text).isEqualTo(API_PATTERN.matcher(text).matches());
        assertThat(IdRule.isUuidV4("s" + text, 1)).as(text).isEqualTo(API_PATTERN.matcher(text).matches());
    }

    /** Random UUIDs v4 as they are, or with one character replaced, dropped or added. */
    @Provide
    Arbitrary<String> uuidLike() {
        Arbitrary<String> uuid = Arbitraries.randomValue(random -> new UUID(
                (random.nextLong() & ~0xF000L) | 0x4000L, // version 4
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L) // IETF variant
                .toString());
        Arbitrary<Character> replacement = Arbitraries.of('0', '4', '8', '9', 'a', 'b', 'c', 'f', 'g', 'A', '-', ' ');
        return uuid.flatMap(u -> Arbitraries.integers().between(0, 35).flatMap(at ->
                Arbitraries.integers().between(0, 3).flatMap(kind -> replacement.map(c -> switch (kind) {
                    case 0 -> u;
                    case 1 -> u.substring(0, at) + c + u.substring(at + 1);
                    case 2 -> u.substring(0, at) + u.substring(at + 1);
                    default -> u.substring(0, at) + c + u.substring(at);
                }))));
    }

    @Test
    void idsAreLowerCasedThenChecked() {
        assertThat(IdRule.visitorId("visitorId", "5F026D54-3A84-4F07-9E36-E5434E665D8D"))
                .isEqualTo("5f026d54-3a84-4f07-9e36-e5434e665d8d");
        assertThat(IdRule.sessionId("sessionId", "S7D1406E5-7C29-4BB1-8079-9E4BF172DC84"))
                .isEqualTo("s7d1406e5-7c29-4bb1-8079-9e4bf172dc84");
        assertThatThrownBy(() -> IdRule.visitorId("visitorId", "5f026d54-3a84-1f07-9e36-e5434e665d8d"))
                .isInstanceOf(InvalidInputException.class).hasMessage("visitorId must be a UUID v4");
        assertThatThrownBy(() -> IdRule.sessionId("sessionId", "x7d1406e5-7c29-4bb1-8079-9e4bf172dc84"))
                .isInstanceOf(InvalidInputException.class).hasMessage("sessionId must be 's' followed by a UUID v4");
    }
}
