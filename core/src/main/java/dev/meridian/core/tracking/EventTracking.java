package dev.meridian.core.tracking;

import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.Websites;
import dev.meridian.ports.out.VisitorUpdate;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records one event of a tracker or SDK: checks every field ({@link TrackedFields}, the rules an import line
 * goes through too), drops robots, locates and classifies the
 * client, applies the session rule, and writes the event with its effect on the visitor in one call; then
 * tells the website's {@link MapChanges} subscribers. {@link #trackAsync} does the same with
 * {@link EventLog#appendAsync}: everything up to the write on the caller's thread, the rest when the write
 * completes.
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
        Prepared prepared = prepare(command);
        if (prepared.robot != null) {
            return prepared.robot;
        }
        return stored(prepared, eventLog.append(prepared.event, prepared.update));
    }

    @Override
    public CompletionStage<TrackResult> trackAsync(TrackCommand command) {
        Prepared prepared = prepare(command);
        if (prepared.robot != null) {
            return CompletableFuture.completedFuture(prepared.robot);
        }
        return eventLog.appendAsync(prepared.event, prepared.update).thenApply(state -> stored(prepared, state));
    }

    /** Checks, robot drop, enrichment and the visitor update: everything before the write; throws when refused. */
    private Prepared prepare(TrackCommand command) {
        Instant now = clock.now();
        TrackedFields fields = TrackedFields.of(command);
        Website website = websites.byTrackingId(command.websiteId()).orElseThrow(
                () -> new NotFoundException("website not found: no website has tracking id " + command.websiteId()));
        fields.requireOwnPage(website);
        String visitorId = fields.visitorId() != null
                ? fields.visitorId()
                : cookieless.visitorId(website.id(), command.clientIp(), command.userAgent(), now);

        ClientDevice device = deviceDetector.detect(command.userAgent());
        if (device.robot()) {
            if (fields.type() == EventType.PAGEVIEW) {
                robots.countPageview(website.id(), visitorId);
            } else {
                robots.count(website.id());
            }
            return new Prepared(null, null, new TrackResult(visitorId, null, false));
        }
        Location location = geoLocator.locate(command.clientIp());
        String referrer = fields.externalReferrer(website);

        Event event = new Event(ids.next(now), website.id(), visitorId, fields.sessionId(), fields.type(), now,
                fields.page().path(), referrer, location.countryCode(), fields.extraData());
        Observation seen = new Observation(fields.type(), now, fields.page(), referrer, fields.sessionId(), location,
                device.system(), device.details(), fields.viewport(), fields.profileChange());
        VisitorUpdate update = current -> current.map(previous -> seen.applyTo(previous, sessionRule))
                .orElseGet(() -> seen.firstOf(event.websiteId(), event.visitorId()));
        return new Prepared(event, update, null);
    }

    private TrackResult stored(Prepared prepared, VisitorState state) {
        mapChanges.publish(prepared.event.websiteId());
        return new TrackResult(state.visitorId(), prepared.event.id(), true);
    }

    /** The event to write and its update, or (robot) the answer without a write. */
    private record Prepared(Event event, VisitorUpdate update, TrackResult robot) {
    }
}
