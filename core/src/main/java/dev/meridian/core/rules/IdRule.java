package dev.meridian.core.rules;

import dev.meridian.ports.error.InvalidInputException;
import java.util.Locale;

/**
 * The rules of the ids clients send: visitor ids are UUID v4 everywhere (tracking, payments'
 * {@code datafast_visitor_id}, goals, identify, import; API.md §8), session ids {@code s} followed by a UUID v4,
 * both taken in any case and kept in lower case.
 */
public final class IdRule {

    private static final int UUID_LENGTH = 36;
    private static final int MAX_ID_LENGTH = 64;

    private IdRule() {
    }

    /** A required visitor id, in lower case. */
    public static String visitorId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!isUuidV4(lower, 0)) {
            throw new InvalidInputException(field, field + " must be a UUID v4");
        }
        return lower;
    }

    /** An optional visitor id: blank means absent ({@code null}); surrounding spaces are ignored. */
    public static String optionalVisitorId(String field, String value) {
        if (value == null) {
            return null;
        }
        TextRule.requireClean(field, value, false);
        return value.isBlank() ? null : visitorId(field, value.strip());
    }

    /**
     * Whether {@code id} can name a stored record at all: 1 to 64 characters, none of them a control character. An id
     * that cannot names nothing and is not looked up (PostgreSQL refuses U+0000 in a query's text as in a row's).
     */
    public static boolean canName(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH && TextRule.isClean(id);
    }

    /** A session id: {@code s} followed by a UUID v4, returned in lower case. */
    public static String sessionId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("s") || !isUuidV4(lower, 1)) {
            throw new InvalidInputException(field, field + " must be 's' followed by a UUID v4");
        }
        return lower;
    }

    /**
     * Whether {@code value} from {@code offset} to its end is a UUID v4 in lower case,
     * {@code [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}} (checked by hand: every tracked
     * and imported event has two, and a regular expression cost more than the rest of the checks).
     */
    public static boolean isUuidV4(String value, int offset) {
        if (value.length() - offset != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = value.charAt(offset + i);
            boolean ok = switch (i) {
                case 8, 13, 18, 23 -> c == '-';
                case 14 -> c == '4';
                case 19 -> c == '8' || c == '9' || c == 'a' || c == 'b';
                default -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
