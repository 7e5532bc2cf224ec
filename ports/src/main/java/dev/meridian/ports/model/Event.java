package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored event of a website's event log.
 *
 * @param id          24 lower-case hex characters
 * @param path        path with query string, without host, of the page the event happened on
 * @param referrer    referrer URL as sent, or {@code null} when none or same-site
 * @param countryCode ISO 3166-1 alpha-2 of the visitor at the time, or {@code null}
 * @param extraData   per type: goal name and params, identify fields, external link url/text; in order
 */
public record Event(
        String id,
        String websiteId,
        String visitorId,
        String sessionId,
        EventType type,
        Instant timestamp,
        String path,
        String referrer,
        String countryCode,
        Map<String, String> extraData) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        extraData = extraData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraData));
    }
}
