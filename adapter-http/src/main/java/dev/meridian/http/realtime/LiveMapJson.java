package dev.meridian.http.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the live map page receives in each {@code map} event of the realtime stream: {@code map} is exactly the
 * {@code data} of {@code GET /api/v1/analytics/realtime/map}; {@code pseudonyms} names every visitor of the
 * map (its visitors and the visitors of its recent events) for when it has no display name. The pseudonyms
 * live only here, so the map endpoint stays byte for byte the contract's.
 */
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
@JsonPropertyOrder({"map", "pseudonyms"})
public record LiveMapJson(
        @JsonProperty("map") RealtimeMapJson map,
        @JsonProperty("pseudonyms") Map<String, String> pseudonyms) {

    public static LiveMapJson from(RealtimeMap map, Pseudonyms pseudonyms) {
        Map<String, String> names = new LinkedHashMap<>();
        for (ActiveVisitor visitor : map.visitors()) {
            names.computeIfAbsent(visitor.visitorId(), pseudonyms::of);
        }
        for (RecentEvent event : map.recentEvents()) {
            if (event.visitorId() != null) {
                names.computeIfAbsent(event.visitorId(), pseudonyms::of);
            }
        }
        return new LiveMapJson(RealtimeMapJson.from(map), names);
    }
}
