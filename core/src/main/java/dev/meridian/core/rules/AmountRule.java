package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.math.BigDecimal;

/**
 * The rule of a payment's {@code amount} (API.md §8): decimal text of at most 12 digits before the point and 8
 * after it, {@code -?\d{1,12}(\.\d{1,8})?}, whether it came as a JSON number or a string (the HTTP adapter hands
 * a JSON number over as its text, never as a {@code double}), then 0 or more. No exponent, no {@code NaN} or
 * {@code Infinity}: the grammar is checked character by character before any {@link BigDecimal} is built, so
 * {@code 1E-500000000} is refused in microseconds instead of occupying a core while a huge number is rounded.
 */
public final class AmountRule {

    /** Largest amount, in major units: 12 digits before the point (the grammar keeps amounts below it). */
    public static final BigDecimal MAX = new BigDecimal("1000000000000");
    public static final int MAX_INTEGER_DIGITS = 12;
    public static final int MAX_FRACTION_DIGITS = 8;

    private static final String FIELD = "amount";
    private static final String SHAPE = "amount must be a decimal number of at most " + MAX_INTEGER_DIGITS
            + " digits before the point and " + MAX_FRACTION_DIGITS + " after it, without exponent (such as 49.99)";
    /** How much of a refused value a message quotes. */
    private static final int QUOTED = 40;

    private AmountRule() {
    }

    /** The amount as sent (its scale kept: {@code 49.90} stays {@code 49.90}). */
    public static BigDecimal parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(FIELD, "amount is required");
        }
        String text = value.strip();
        if (!matchesGrammar(text) || text.length() != value.length() && !TextRule.isClean(value)) {
            throw new InvalidInputException(FIELD, SHAPE + ", got '" + quoted(text) + "'");
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() < 0) {
            throw new InvalidInputException(FIELD, "amount must be 0 or more, got " + text);
        }
        if (amount.compareTo(MAX) > 0) {
            throw new InvalidInputException(FIELD, "amount must be at most " + MAX.toPlainString());
        }
        return amount;
    }

    /** {@code -?\d{1,12}(\.\d{1,8})?}, checked by hand: nothing longer than 22 characters is looked at twice. */
    static boolean matchesGrammar(String text) {
        int length = text.length();
        if (length == 0 || length > 1 + MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS) {
            return false;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        int integerStart = i;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        int integerDigits = i - integerStart;
        if (integerDigits < 1 || integerDigits > MAX_INTEGER_DIGITS) {
            return false;
        }
        if (i == length) {
            return true;
        }
        if (text.charAt(i) != '.') {
            return false;
        }
        int fractionStart = ++i;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        int fractionDigits = i - fractionStart;
        return i == length && fractionDigits >= 1 && fractionDigits <= MAX_FRACTION_DIGITS;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String quoted(String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
    }
}
