package dev.meridian.core.tracking;

import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.Websites;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Records one event of a tracker or SDK: checks every field, drops robots, locates and classifies the
 * client, applies the session rule, and writes the event with its effect on the visitor in one call; then
 * tells the website's {@link MapChanges} subscribers.
 */
public final class EventTracking implements TrackEvent {

    private final Websites websites;
    private final EventLog eventLog;
    private final GeoLocator geoLocator;
    private final DeviceDetector deviceDetector;
    private final Clock clock;
    private final ObjectIds ids;
    private final SessionRule sessionRule;
    private final CookielessVisitors cookieless;
    private final RobotTally robots;
    private final MapChanges mapChanges;

    public EventTracking(Websites websites, EventLog eventLog, GeoLocator geoLocator, DeviceDetector deviceDetector,
            Clock clock, ObjectIds ids, SessionRule sessionRule, CookielessVisitors cookieless, RobotTally robots,
            MapChanges mapChanges) {
        this.websites = websites;
        this.eventLog = eventLog;
        this.geoLocator = geoLocator;
        this.deviceDetector = deviceDetector;
        this.clock = clock;
        this.ids = ids;
        this.sessionRule = sessionRule;
        this.cookieless = cookieless;
        this.robots = robots;
        this.mapChanges = mapChanges;
    }

    @Override
    public TrackResult track(TrackCommand command) {
        Instant now = clock.now();
        if (command.websiteId() == null || command.websiteId().isBlank()) {
            throw new InvalidInputException("websiteId", "websiteId is required");
        }
        if (command.domain() == null || command.domain().isBlank()) {
            throw new InvalidInputException("domain", "domain is required");
        }
        EventType type = EventRules.type(command.type());
        PageUrl page = PageUrl.parse("href", command.href());
        if (command.referrer() != null && command.referrer().length() > PageUrl.MAX_LENGTH) {
            throw new InvalidInputException("referrer", "referrer is longer than " + PageUrl.MAX_LENGTH + " characters");
        }
        String clientSessionId = command.cookieless() ? null : EventRules.sessionId("sessionId", command.sessionId());
        String visitorId = command.cookieless() ? null : EventRules.visitorId("visitorId", command.visitorId());
        IdentifyFields identify = type == EventType.IDENTIFY
                ? IdentifyFields.parse("extraData", command.extraData())
                : null;
        Map<String, String> extraData = identify != null ? identify.asExtraData() : extraData(type, command.extraData());
        UnaryOperator<Profile> profileChange = identify != null ? identify::applyTo : UnaryOperator.identity();

        Website website = websites.byTrackingId(command.websiteId()).orElseThrow(
                () -> new NotFoundException("website not found: no website has tracking id " + command.websiteId()));
        if (!Referrers.belongsTo(website, page.host())) {
            throw new InvalidInputException("href", "href host '" + page.host() + "' is not " + website.domain()
                    + ", a subdomain of it, or an allowed hostname");
        }
        if (visitorId == null) {
            visitorId = cookieless.visitorId(website.id(), command.clientIp(), command.userAgent(), now);
        }

        ClientDevice device = deviceDetector.detect(command.userAgent());
        if (device.robot()) {
            robots.count(website.id());
            return new TrackResult(visitorId, null, false);
        }
        Location location = geoLocator.locate(command.clientIp());
        String referrer = Referrers.external(website, command.referrer()).orElse(null);

        Event event = new Event(ids.next(now), website.id(), visitorId, clientSessionId, type, now, page.path(),
                referrer, location.countryCode(), extraData);
        Observation seen = new Observation(type, now, page, referrer, clientSessionId, location, device.system(),
                profileChange);
        VisitorState state = eventLog.append(event,
                current -> current.map(previous -> seen.applyTo(previous, sessionRule))
                        .orElseGet(() -> seen.firstOf(event.websiteId(), event.visitorId())));
        mapChanges.publish(website.id());
        return new TrackResult(state.visitorId(), event.id(), true);
    }

    /** The extra data an event of {@code type} keeps, checked; also used by {@link HistoryImport}. */
    static Map<String, String> extraData(EventType type, Map<String, String> raw) {
        return switch (type) {
            case PAGEVIEW -> Map.of();
            case CUSTOM -> {
                Map<String, String> params = new LinkedHashMap<>(raw);
                String name = EventRules.goalName("extraData.eventName", params.remove("eventName"));
                Map<String, String> data = new LinkedHashMap<>();
                data.put("eventName", name);
                data.putAll(EventRules.goalParams("extraData", params));
                yield data;
            }
            case IDENTIFY -> throw new IllegalStateException("identify fields are parsed by IdentifyFields");
            case EXTERNAL_LINK -> {
                Map<String, String> data = new LinkedHashMap<>();
                String url = raw.get("url");
                if (url != null && url.length() > PageUrl.MAX_LENGTH) {
                    throw new InvalidInputException("extraData.url",
                            "extraData.url is longer than " + PageUrl.MAX_LENGTH + " characters");
                }
                data.put("url", url);
                data.put("text", EventRules.boundedValue("extraData.text", raw.get("text")));
                yield data;
            }
            case PAYMENT -> {
                if (raw.size() > EventRules.MAX_PARAMS) {
                    throw new InvalidInputException("extraData", "extraData has more than "
                            + EventRules.MAX_PARAMS + " entries");
                }
                Map<String, String> data = new LinkedHashMap<>();
                raw.forEach((key, value) -> data.put(key, EventRules.boundedValue("extraData." + key, value)));
                yield data;
            }
        };
    }
}
