package dev.meridian.ports.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An identify call as received (API.md §4). Field rules are checked by {@link Identify}.
 *
 * @param websiteId the website (already resolved from the credential)
 * @param visitorId {@code datafast_visitor_id}
 * @param fields    every other top-level field ({@code user_id}, {@code name}, {@code image}, custom fields),
 *                  scalar values as strings, in the order sent
 */
public record IdentifyCommand(String websiteId, String visitorId, Map<String, String> fields) {

    public IdentifyCommand {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
