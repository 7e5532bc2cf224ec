package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The rule of a list filter sent as a query parameter (API.md §9.2): comma-separated values, each clean text of at most
 * {@value TextRule#MAX_LENGTH} characters, trimmed, blank ones ignored, at most a given number of them; and of a
 * boolean filter.
 */
public final class FilterRule {

    private FilterRule() {
    }

    /**
     * The values of {@code value}, each trimmed then put through {@code normalise}; empty when absent.
     *
     * @throws InvalidInputException naming {@code field}: more than {@code maxValues} values, or a value that breaks
     *     {@link TextRule}
     */
    public static Set<String> values(String field, String value, int maxValues, UnaryOperator<String> normalise) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        String[] parts = value.split(",", -1);
        if (parts.length > maxValues) {
            throw new InvalidInputException(field,
                    field + " takes at most " + maxValues + " comma-separated values, got " + parts.length);
        }
        Set<String> values = new LinkedHashSet<>();
        for (String part : parts) {
            String text = TextRule.line(field, part, TextRule.MAX_LENGTH).strip();
            if (!text.isEmpty()) {
                values.add(normalise.apply(text));
            }
        }
        return values;
    }

    /** Values compared as sent. */
    public static Set<String> values(String field, String value, int maxValues) {
        return values(field, value, maxValues, UnaryOperator.identity());
    }

    /** Lower-cases a value (device types, goal names, hosts). */
    public static String lowerCase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code true} or {@code false} (any case); {@code null} when absent.
     *
     * @throws InvalidInputException naming {@code field} for anything else
     */
    public static Boolean optionalBoolean(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidInputException(field, field + " must be true or false");
        };
    }
}
