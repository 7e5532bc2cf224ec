package dev.meridian.ports.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What identify said about a visitor. {@link #NONE} when identify was never called.
 *
 * @param identified  identify was called for this visitor
 * @param userId      the {@code user_id} given, or {@code null}
 * @param displayName the {@code name} given, or {@code null}
 * @param imageUrl    the {@code image} given (http/https), or {@code null}
 * @param fields      other profile fields, in the order given
 */
public record Profile(boolean identified, String userId, String displayName, String imageUrl, Map<String, String> fields) {

    public static final Profile NONE = new Profile(false, null, null, null, Map.of());

    public Profile {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
