package dev.meridian.core.tracking;

import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.EventType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The field rules of tracked events (API.md §3 and §4): ids, goal names and params, identify fields.
 * Every failure names the field.
 */
public final class EventRules {

    /** The shape of a UUID v4 in lower case, {@code [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}}. */
    private static final int UUID_LENGTH = 36;
    private static final Pattern GOAL_NAME = Pattern.compile("[a-z0-9_:-]{1,64}");
    private static final Pattern PARAM_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    public static final int MAX_PARAMS = 10;
    public static final int MAX_VALUE_LENGTH = 255;
    public static final int MAX_IMAGE_URL_LENGTH = 250;

    /** Goal names that mean something else to the product and may not be used for custom goals. */
    public static final Set<String> RESERVED_GOAL_NAMES = Set.of(
            "payment", "free_trial", "identify", "pageview", "external_link",
            "subscription_created", "subscription_renewed", "subscription_updated", "subscription_cancelled",
            "subscription_canceled", "subscription_paused", "subscription_resumed", "subscription_ended",
            "subscription_expired", "subscription_deleted", "refund");

    private EventRules() {
    }

    /** A visitor id: a UUID v4, returned in lower case. */
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
     * Whether {@code value} from {@code offset} to its end is a UUID v4 in lower case (checked by hand: every tracked
     * and imported event has two, and a regular expression cost more than the rest of the checks).
     */
    static boolean isUuidV4(String value, int offset) {
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

    public static EventType type(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("type", "type is required");
        }
        return EventType.fromWireName(value).orElseThrow(() -> new InvalidInputException("type",
                "type must be one of pageview, custom, identify, payment, external_link"));
    }

    /**
     * A goal name as the API accepts it: trimmed, lower-cased, spaces to {@code _}, then {@code [a-z0-9_:-]}
     * of at most 64 characters and not reserved.
     */
    public static String goalName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        String name = value.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        if (!GOAL_NAME.matcher(name).matches()) {
            throw new InvalidInputException(field,
                    field + " must be 1 to 64 characters of a-z, 0-9, '_', ':' or '-'");
        }
        if (RESERVED_GOAL_NAMES.contains(name)) {
            throw new InvalidInputException(field, field + " '" + name + "' is reserved");
        }
        return name;
    }

    /** Goal params: at most 10, names {@code [a-z0-9_-]} of at most 64, values of at most 255 characters. */
    public static Map<String, String> goalParams(String field, Map<String, String> params) {
        if (params.size() > MAX_PARAMS) {
            throw new InvalidInputException(field, field + " has more than " + MAX_PARAMS + " entries");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (!PARAM_NAME.matcher(key).matches()) {
                throw new InvalidInputException(field + "." + name,
                        field + " names must be 1 to 64 characters of a-z, 0-9, '_' or '-': '" + name + "'");
            }
            checked.put(key, boundedValue(field + "." + key, value));
        });
        return checked;
    }

    /** A free-text value of at most 255 characters; {@code null} stays {@code null}. */
    public static String boundedValue(String field, String value) {
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidInputException(field, field + " is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return value;
    }

    /** A user id of 1 to 255 characters, none of them a control character. */
    public static String userId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, field + " must not contain control characters");
        }
        return boundedValue(field, value);
    }

    /** A profile image URL: http or https, at most 250 characters; {@code null} stays {@code null}. */
    public static String imageUrl(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_IMAGE_URL_LENGTH) {
            throw new InvalidInputException(field, field + " is longer than " + MAX_IMAGE_URL_LENGTH + " characters");
        }
        PageUrl.parse(field, value);
        return value;
    }
}
