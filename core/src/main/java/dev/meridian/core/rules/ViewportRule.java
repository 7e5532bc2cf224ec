package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.Viewport;
import java.math.BigDecimal;

/**
 * The rule of {@code viewport} (API.md §3): each of {@code width} and {@code height} is a whole number of CSS pixels
 * from 1 to {@value #MAX_PIXELS}, or absent (unknown).
 */
public final class ViewportRule {

    /** Wider or taller than any screen, so a typo or an attack rather than a window. */
    public static final int MAX_PIXELS = 100_000;

    /** Longer text is no side we take; it is refused without being parsed. */
    private static final int MAX_LENGTH = 12;

    private ViewportRule() {
    }

    /**
     * @param width  {@code viewport.width} as sent (a JSON number's text), or {@code null}
     * @param height {@code viewport.height} as sent, or {@code null}
     * @throws InvalidInputException naming {@code viewport.width} or {@code viewport.height}
     */
    public static Viewport viewport(String width, String height) {
        if (width == null && height == null) {
            return Viewport.UNKNOWN;
        }
        return new Viewport(side("viewport.width", width), side("viewport.height", height));
    }

    private static Integer side(String field, String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        // a JSON number may be written 1440.0 or 1.44e3: read it as a decimal, then require a whole number
        BigDecimal number;
        try {
            number = text.isEmpty() || text.length() > MAX_LENGTH ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            number = null;
        }
        if (number == null || number.signum() <= 0 || number.compareTo(BigDecimal.valueOf(MAX_PIXELS)) > 0
                || number.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException(field, field + " must be a whole number of pixels from 1 to " + MAX_PIXELS);
        }
        return number.intValueExact();
    }
}
