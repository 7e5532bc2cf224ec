package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;

/** The rule of a whole number sent as a query parameter ({@code limit}, {@code offset}): decimal digits in a range. */
public final class CountRule {

    /** Longer text is no count we take; it is refused without being parsed. */
    private static final int MAX_DIGITS = 10;

    private CountRule() {
    }

    /**
     * {@code value} as a number from {@code min} to {@code max}; {@code defaultValue} when absent or blank.
     *
     * @throws InvalidInputException naming {@code field}: not a whole number, or out of range
     */
    public static int between(String field, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String text = value.strip();
        if (text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException(field, field + " must be a whole number from " + min + " to " + max);
        }
        long number = Long.parseLong(text);
        if (number < min || number > max) {
            throw new InvalidInputException(field, field + " must be from " + min + " to " + max + ", got " + number);
        }
        return (int) number;
    }
}
