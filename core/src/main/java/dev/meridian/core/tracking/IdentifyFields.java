package dev.meridian.core.tracking;

import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.Profile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an identify call says about a visitor: {@code user_id} (required), {@code name} (the display name),
 * {@code image} (an http(s) URL), and at most 10 further fields of at most 255 characters, names of 1 to 64
 * characters; no control character anywhere but a tab in the values ({@link dev.meridian.core.rules.TextRule}).
 */
public record IdentifyFields(String userId, String name, String image, Map<String, String> custom) {

    public static final int MAX_CUSTOM_FIELDS = 10;

    /**
     * @param prefix the wire path of the fields in error messages ({@code extraData} for the tracker, empty
     *     for the API's top-level fields)
     */
    public static IdentifyFields parse(String prefix, Map<String, String> fields) {
        String userId = EventRules.userId(path(prefix, "user_id"), fields.get("user_id"));
        String name = blankToNull(EventRules.boundedValue(path(prefix, "name"), fields.get("name")));
        String image = EventRules.imageUrl(path(prefix, "image"), fields.get("image"));
        Map<String, String> custom = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (!key.equals("user_id") && !key.equals("name") && !key.equals("image")) {
                EventRules.fieldName(prefix, key);
                custom.put(key, EventRules.boundedValue(path(prefix, key), value));
            }
        });
        if (custom.size() > MAX_CUSTOM_FIELDS) {
            throw new InvalidInputException(prefix.isEmpty() ? "metadata" : prefix,
                    "identify accepts at most " + MAX_CUSTOM_FIELDS + " custom fields, got " + custom.size());
        }
        return new IdentifyFields(userId, name, image, custom);
    }

    /** The profile after this identify: given values replace earlier ones, custom fields merge. */
    public Profile applyTo(Profile current) {
        Map<String, String> merged = new LinkedHashMap<>(current.fields());
        merged.putAll(custom);
        return new Profile(true, userId,
                name != null ? name : current.displayName(),
                image != null ? image : current.imageUrl(),
                merged);
    }

    /** The fields as they are stored on the identify event. */
    public Map<String, String> asExtraData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("user_id", userId);
        if (name != null) {
            data.put("name", name);
        }
        if (image != null) {
            data.put("image", image);
        }
        data.putAll(custom);
        return data;
    }

    private static String path(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
