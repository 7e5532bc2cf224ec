package dev.meridian.ports.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A goal as received (API.md §4). Field rules are checked by {@link RecordGoal}.
 *
 * @param websiteId   the website (already resolved from the credential)
 * @param visitorId   {@code datafast_visitor_id} (or {@code visitorId})
 * @param name        the goal name as sent
 * @param description free text, or {@code null}
 * @param metadata    goal parameters, scalar values as strings, in the order sent
 */
public record GoalCommand(String websiteId, String visitorId, String name, String description,
        Map<String, String> metadata) {

    public GoalCommand {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
