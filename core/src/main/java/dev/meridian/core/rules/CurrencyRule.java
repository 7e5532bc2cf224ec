package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.util.Currency;
import java.util.Locale;

/** The rule of a currency (API.md §8): an ISO 4217 code the JDK knows ({@code ABC} is refused), stored upper-case. */
public final class CurrencyRule {

    private CurrencyRule() {
    }

    /** The code in upper case; surrounding white space is ignored. */
    public static String code(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        String code = value.strip();
        if (code.length() == 3 && isAsciiLetters(code) && TextRule.isClean(value)) {
            String upper = code.toUpperCase(Locale.ROOT);
            try {
                return Currency.getInstance(upper).getCurrencyCode();
            } catch (IllegalArgumentException unknown) {
                // answered below
            }
        }
        throw new InvalidInputException(field, field + " must be an ISO 4217 code such as USD, got '"
                + (code.length() <= 8 ? code : code.substring(0, 8) + "…") + "'");
    }

    /** Letters a-z and A-Z only: upper-casing other letters can give ASCII ({@code ſ} becomes {@code S}). */
    private static boolean isAsciiLetters(String code) {
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }
}
