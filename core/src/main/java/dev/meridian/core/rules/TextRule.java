package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;

/**
 * The rule of every text field (API.md §8): valid Unicode (a JSON escape can name half of a surrogate pair, which
 * no UTF-8 text can carry), no control character, and a maximum length. Control characters are U+0000 to U+001F
 * (C0), U+007F and U+0080 to U+009F ({@link Character#isISOControl}); free text (names, descriptions, parameter
 * values) may hold a tab, identifiers (ids, codes, URLs, e-mail addresses) may not. A refusal names the field.
 *
 * <p>Checked before anything reaches storage: PostgreSQL refuses U+0000 in text, and a refused statement inside a
 * group commit would fail every event of its batch.
 */
public final class TextRule {

    /** The length of most text fields (names, descriptions, parameter values, ids sent by clients). */
    public static final int MAX_LENGTH = 255;

    private TextRule() {
    }

    /**
     * An identifier or code: no control character at all, at most {@code maxLength} characters; {@code null} stays
     * {@code null}.
     */
    public static String line(String field, String value, int maxLength) {
        return check(field, value, maxLength, false);
    }

    /** Free text: like {@link #line} but a tab is allowed. */
    public static String free(String field, String value, int maxLength) {
        return check(field, value, maxLength, true);
    }

    /**
     * Free text stripped of surrounding white space; blank means absent ({@code null}, never {@code ""}). The
     * characters are checked before stripping: {@link String#strip} removes some control characters too
     * (U+001C to U+001F, line breaks), which must be refused, not cleaned away.
     */
    public static String optionalFree(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        requireClean(field, value, true);
        return value.isBlank() ? null : free(field, value.strip(), maxLength);
    }

    /** An identifier stripped of surrounding white space; blank means absent. Checked before stripping. */
    public static String optionalLine(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        requireClean(field, value, false);
        return value.isBlank() ? null : line(field, value.strip(), maxLength);
    }

    /**
     * Refuses a control character (a tab only when {@code tabAllowed} is false) or an unpaired surrogate anywhere in
     * {@code value}, whatever its length: for the rules that strip or parse a value after checking it.
     */
    public static void requireClean(String field, String value, boolean tabAllowed) {
        String problem = value == null ? null : firstProblem(value, tabAllowed);
        if (problem != null) {
            throw new InvalidInputException(field, field + " " + problem);
        }
    }

    /** A required identifier: blank is refused as missing. */
    public static String requiredLine(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return line(field, value, maxLength);
    }

    /** Whether {@code value} holds a control character (tab included) or an unpaired surrogate. */
    public static boolean isClean(String value) {
        return firstProblem(value, false) == null;
    }

    private static String check(String field, String value, int maxLength, boolean tabAllowed) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field, field + " is longer than " + maxLength + " characters");
        }
        String problem = firstProblem(value, tabAllowed);
        if (problem != null) {
            throw new InvalidInputException(field, field + " " + problem);
        }
        return value;
    }

    /** What is wrong with the characters of {@code value}, or {@code null} when nothing is. */
    private static String firstProblem(String value, boolean tabAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                if (c == '\t' && tabAllowed) {
                    continue;
                }
                return "must not contain control characters (found U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "is not valid Unicode text (an unpaired surrogate)";
            }
        }
        return null;
    }
}
