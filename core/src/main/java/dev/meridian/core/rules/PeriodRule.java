package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The rule of a reporting period sent as {@code startAt} and {@code endAt} (API.md §9.2): both or neither; each a
 * date ({@code YYYY-MM-DD}, in the website's time zone: a start date from its first instant, an end date to its last)
 * or ISO-8601 with an offset; the start not after the end. Neither: the last {@value #DEFAULT_DAYS} days.
 */
public final class PeriodRule {

    public static final int DEFAULT_DAYS = 30;
    private static final int MAX_LENGTH = 64;

    /** From {@code from} (included) to {@code to} (excluded). */
    public record Period(Instant from, Instant to) {
    }

    private PeriodRule() {
    }

    /**
     * @param zone the website's time zone, for dates
     * @param now  the end of the default period (one day after it, so events a clock put slightly ahead count)
     */
    public static Period of(String startAt, String endAt, ZoneId zone, Instant now) {
        boolean hasStart = startAt != null && !startAt.isBlank();
        boolean hasEnd = endAt != null && !endAt.isBlank();
        if (!hasStart && !hasEnd) {
            return new Period(now.minus(Duration.ofDays(DEFAULT_DAYS)), now.plus(TimestampRule.MAX_AHEAD));
        }
        if (!hasStart) {
            throw new InvalidInputException("startAt", "startAt is required with endAt");
        }
        if (!hasEnd) {
            throw new InvalidInputException("endAt", "endAt is required with startAt");
        }
        Instant from = instant("startAt", startAt, zone, false);
        Instant to = instant("endAt", endAt, zone, true);
        if (from.isAfter(to)) {
            throw new InvalidInputException("endAt", "endAt must not be before startAt");
        }
        return new Period(from, to);
    }

    /** The instant of a date's start (or, {@code end}, the next day's start) or of an ISO timestamp. */
    private static Instant instant(String field, String value, ZoneId zone, boolean end) {
        String text = value.strip();
        if (text.length() <= MAX_LENGTH) {
            try {
                if (text.length() == 10) {
                    LocalDate day = LocalDate.parse(text);
                    return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
                }
                Instant at = OffsetDateTime.parse(text).toInstant();
                return end ? at.plusNanos(1_000) : at; // an end timestamp is included (storage keeps microseconds)
            } catch (DateTimeException e) {
                // refused below
            }
        }
        throw new InvalidInputException(field, field + " must be a date (YYYY-MM-DD) or an ISO-8601 timestamp with offset");
    }
}
