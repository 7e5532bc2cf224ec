package dev.meridian.http.json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How values look on the wire (API.md §1): ISO-8601 UTC timestamps with exactly three fraction digits, and
 * decimals rounded half-up at write time, without trailing zeros ({@code 49}, {@code 49.5}, {@code 0.0056}).
 */
public final class WireValues {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WireValues() {
    }

    /** {@code 2026-02-06T05:27:20.000Z}; {@code null} stays {@code null}. */
    public static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    /** {@code value} rounded half-up to {@code decimals} places, as the shortest decimal that says so. */
    public static BigDecimal rounded(double value, int decimals) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        // valueOf uses the double's shortest decimal form, so 0.00565 rounds up as a reader expects
        return rounded(BigDecimal.valueOf(value), decimals);
    }

    /** {@code value} rounded half-up to {@code decimals} places, as the shortest decimal that says so. */
    public static BigDecimal rounded(BigDecimal value, int decimals) {
        BigDecimal stripped = value.setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        // stripTrailingZeros turns 100 into 1E+2, which Jackson would write in exponent notation
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
