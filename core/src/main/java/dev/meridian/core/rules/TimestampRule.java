package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The rule of a timestamp a client sends (API.md §8): ISO-8601 with a zone offset, from 2000-01-01 to 1 day after
 * the server's now. The lower bound keeps history out of centuries no analytics has (each month of events is a
 * PostgreSQL partition, created under an exclusive lock); the upper bound leaves room for clocks that are off.
 */
public final class TimestampRule {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    /** Longer text is no timestamp; it is refused without being parsed. */
    private static final int MAX_LENGTH = 64;

    private TimestampRule() {
    }

    /** A required timestamp. */
    public static Instant required(String field, String value, Instant now) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return parse(field, value, now);
    }

    /** A timestamp that defaults to {@code now} when absent or blank. */
    public static Instant orNow(String field, String value, Instant now) {
        return value == null || value.isBlank() ? now : parse(field, value, now);
    }

    private static Instant parse(String field, String value, Instant now) {
        String text = value.strip();
        Instant at;
        try {
            if (text.length() > MAX_LENGTH || !TextRule.isClean(value)) {
                throw new DateTimeParseException("too long or not text", "", 0);
            }
            at = IsoTimestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field
                    + " must be ISO-8601 with a zone offset, such as 2026-02-06T05:27:20.000Z");
        }
        if (at.isBefore(EARLIEST)) {
            throw new InvalidInputException(field, field + " lies before 2000-01-01");
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidInputException(field, field + " lies more than 1 day in the future");
        }
        return at;
    }
}
