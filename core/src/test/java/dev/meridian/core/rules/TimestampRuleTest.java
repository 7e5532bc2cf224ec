package dev.meridian.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampRuleTest {

    static final Instant NOW = Instant.parse("2026-02-06T05:27:20.417Z");

    @Test
    void from2000ToOneDayAfterNowIsAccepted() {
        assertThat(TimestampRule.required("timestamp", "2000-01-01T00:00:00Z", NOW)).isEqualTo(TimestampRule.EARLIEST);
        assertThat(TimestampRule.required("timestamp", NOW.plus(Duration.ofDays(1)).toString(), NOW))
                .isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(TimestampRule.required("timestamp", "2026-02-06T06:27:20.417+01:00", NOW)).isEqualTo(NOW);
    }

    @Test
    void before2000OrLaterThanADayAheadIsRefusedNamingTheField() {
        assertThatThrownBy(() -> TimestampRule.required("timestamp", "1900-01-01T00:00:00Z", NOW))
                .isInstanceOf(InvalidInputException.class).hasMessage("timestamp lies before 2000-01-01");
        assertThatThrownBy(() -> TimestampRule.required("timestamp", "1999-12-31T23:59:59.999Z", NOW))
                .hasMessage("timestamp lies before 2000-01-01");
        assertThatThrownBy(() -> TimestampRule.required("timestamp",
                NOW.plus(Duration.ofDays(1)).plusMillis(1).toString(), NOW))
                .hasMessage("timestamp lies more than 1 day in the future");
        assertThatThrownBy(() -> TimestampRule.required("timestamp", "+999999999-12-31T23:59:59Z", NOW))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformedMissingAndOverlongTextIsRefused() {
        for (String refused : new String[] {"yesterday", "2026-02-06T05:27:20", "2026-13-45T99:00:00Z",
                "2026-02-06 05:27:20Z", "2026-02-06T05:27:20Z" + " ".repeat(100) + "x", "9".repeat(10_000)}) {
            assertThatThrownBy(() -> TimestampRule.required("timestamp", refused, NOW)).as(refused)
                    .hasMessageStartingWith("timestamp must be ISO-8601 with a zone offset");
        }
        assertThatThrownBy(() -> TimestampRule.required("timestamp", " ", NOW)).hasMessage("timestamp is required");
    }

    @Test
    void anAbsentOptionalTimestampIsNow() {
        assertThat(TimestampRule.orNow("timestamp", null, NOW)).isEqualTo(NOW);
        assertThat(TimestampRule.orNow("timestamp", "", NOW)).isEqualTo(NOW);
    }
}
