package dev.meridian.core;

import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.util.Map;
import java.util.UUID;

/** A Meridian over the in-memory store with a hand-moved clock and fixed enrichment, for use-case tests. */
public final class TrackingFixture {

    public static final String DESKTOP_CHROME = "Mozilla/5.0 (Macintosh) Chrome/120";
    public static final String ROBOT = "Googlebot/2.1";

    public final MutableClock clock = new MutableClock();
    public final InMemoryStore store = new InMemoryStore();
    public final Meridian meridian = Meridian.builder()
            .storage(store)
            .clock(clock)
            .geoLocator(ip -> ip.equals("81.2.69.160")
                    ? new Location("London", "GB-ENG", "GB", 51.5142, -0.0931)
                    : new Location("Denver", "US-CO", "US", 39.7391, -104.9866))
            .deviceDetector(ua -> ua != null && ua.contains("bot")
                    ? new ClientDevice(SystemInfo.UNKNOWN, true)
                    : new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false))
            .build();
    public final Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));

    public static String newVisitorId() {
        return UUID.randomUUID().toString();
    }

    public static String newSessionId() {
        return "s" + UUID.randomUUID();
    }

    public TrackResult pageview(String visitorId, String sessionId, String href) {
        return track(visitorId, sessionId, "pageview", href, null, Map.of());
    }

    public TrackResult track(String visitorId, String sessionId, String type, String href, String referrer,
            Map<String, String> extraData) {
        return meridian.trackEvent().track(TrackCommand.event(type, href)
                .website(website.trackingId(), "example.com")
                .visitor(visitorId, sessionId)
                .referrer(referrer)
                .extraData(extraData)
                .client("203.0.113.9", DESKTOP_CHROME)
                .build());
    }

    public TrackCommand command(String visitorId, String sessionId, String type, String href) {
        return TrackCommand.event(type, href)
                .website(website.trackingId(), "example.com")
                .visitor(visitorId, sessionId)
                .client("203.0.113.9", DESKTOP_CHROME)
                .build();
    }

    public RealtimeMap map() {
        return meridian.realtimeMap().forWebsite(website.id());
    }
}
