package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the map's {@code recentEvents} (API.md §2). {@code amount} is always null on the wire.
 *
 * @param customerName customer name of the visitor at read time, or {@code null}
 * @param displayName  display name of the visitor at read time, or {@code null}
 */
public record RecentEvent(
        String id,
        EventType type,
        String visitorId,
        Instant timestamp,
        String path,
        String countryCode,
        Map<String, String> extraData,
        String referrer,
        String customerName,
        String displayName) {

    public RecentEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        extraData = extraData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraData));
    }
}
