package dev.meridian.ports.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tracking request as received (API.md §3), after the HTTP adapter checked JSON types. Field rules
 * are checked by {@link TrackEvent}, which names the offending field.
 *
 * @param websiteId  the website's tracking id
 * @param type       wire name of the event type
 * @param extraData  scalar values as strings, in the order sent
 * @param clientIp   the resolved client address (never a spoofable header from an untrusted peer)
 * @param userAgent  the {@code User-Agent} header, or {@code null}
 */
public record TrackCommand(
        String websiteId,
        String domain,
        String href,
        String referrer,
        String visitorId,
        String sessionId,
        String type,
        Map<String, String> extraData,
        boolean cookieless,
        String clientIp,
        String userAgent) {

    public TrackCommand {
        extraData = extraData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraData));
    }
}
