package dev.meridian.core.tracking;

import dev.meridian.core.rules.TextRule;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.EventType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The field rules of tracked events (API.md §3 and §4): goal names and params, identify fields, built on the
 * rules of every entry point ({@code core.rules}: text, ids, URLs). Every failure names the field.
 */
public final class EventRules {

    private static final Pattern GOAL_NAME = Pattern.compile("[a-z0-9_:-]{1,64}");
    private static final Pattern PARAM_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    public static final int MAX_PARAMS = 10;
    public static final int MAX_VALUE_LENGTH = 255;
    public static final int MAX_IMAGE_URL_LENGTH = 250;
    public static final int MAX_FIELD_NAME_LENGTH = 64;

    /** Goal names that mean something else to the product and may not be used for custom goals. */
    public static final Set<String> RESERVED_GOAL_NAMES = Set.of(
            "payment", "free_trial", "identify", "pageview", "external_link",
            "subscription_created", "subscription_renewed", "subscription_updated", "subscription_cancelled",
            "subscription_canceled", "subscription_paused", "subscription_resumed", "subscription_ended",
            "subscription_expired", "subscription_deleted", "refund");

    private EventRules() {
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
        TextRule.requireClean(field, value, false);
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
            TextRule.requireClean(field + "." + name, name, false);
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (!PARAM_NAME.matcher(key).matches()) {
                throw new InvalidInputException(field + "." + name,
                        field + " names must be 1 to 64 characters of a-z, 0-9, '_' or '-': '" + name + "'");
            }
            checked.put(key, boundedValue(field + "." + key, value));
        });
        return checked;
    }

    /** A free-text value of at most 255 characters (a tab allowed, no other control character); {@code null} stays {@code null}. */
    public static String boundedValue(String field, String value) {
        return TextRule.free(field, value, MAX_VALUE_LENGTH);
    }

    /** A user id of 1 to 255 characters, none of them a control character. */
    public static String userId(String field, String value) {
        return TextRule.requiredLine(field, value, MAX_VALUE_LENGTH);
    }

    /**
     * The name of a free-form field (identify's custom fields, a payment event's extra data): 1 to 64 characters,
     * none of them a control character.
     *
     * @param prefix the wire path of the fields in error messages ({@code extraData}, or empty for top-level fields)
     */
    public static String fieldName(String prefix, String key) {
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        if (key == null || key.isBlank() || key.length() > MAX_FIELD_NAME_LENGTH) {
            throw new InvalidInputException(path, "field names must be 1 to " + MAX_FIELD_NAME_LENGTH
                    + " characters: '" + key + "'");
        }
        return TextRule.line(path, key, MAX_FIELD_NAME_LENGTH);
    }

    /** A profile image URL: http or https, at most 250 characters; {@code null} stays {@code null}. */
    public static String imageUrl(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        TextRule.line(field, value, MAX_IMAGE_URL_LENGTH);
        PageUrl.parse(field, value);
        return value;
    }
}
