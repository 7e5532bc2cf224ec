package dev.meridian.core.tracking;

import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.core.rules.IdRule;
import dev.meridian.core.rules.TextRule;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.RecordGoal;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Goals and identify calls sent by a website's backend (API.md §4) rather than by the tracker: the visitor
 * is named by id and must already be known, and the event is stored for it on the page it last viewed.
 *
 * <p>Such an event counts as the visitor's activity ({@code lastSeenAt} moves forward) but does not start a
 * session or change the current page: it comes from a server, not from the visitor's browser. Identify goes
 * through {@link IdentifyFields}, the same rules and profile merge as the tracker's identify events.
 */
public final class BackendEvents implements RecordGoal, Identify {

    private final MapChanges mapChanges;

    private static final String VISITOR_FIELD = "datafast_visitor_id";

    private final Websites websites;
    private final Visitors visitors;
    private final EventLog eventLog;
    private final Clock clock;
    private final ObjectIds ids;

    public BackendEvents(Websites websites, Visitors visitors, EventLog eventLog, Clock clock, ObjectIds ids,
            MapChanges mapChanges) {
        this.mapChanges = mapChanges;
        this.websites = websites;
        this.visitors = visitors;
        this.eventLog = eventLog;
        this.clock = clock;
        this.ids = ids;
    }

    /** Stores a {@code custom} event; the visitor needs a pageview on the website. */
    @Override
    public String record(GoalCommand command) {
        String visitorId = IdRule.visitorId(VISITOR_FIELD, command.visitorId());
        String name = EventRules.goalName("name", command.name());
        String description = TextRule.optionalFree("description", command.description(), EventRules.MAX_VALUE_LENGTH);
        Map<String, String> params = EventRules.goalParams("metadata", command.metadata());
        if (description != null && params.containsKey("description")) {
            throw new InvalidInputException("metadata.description",
                    "metadata.description conflicts with description: send one of them");
        }
        Map<String, String> extraData = new LinkedHashMap<>();
        extraData.put("eventName", name);
        if (description != null) {
            extraData.put("description", description);
        }
        extraData.putAll(params);

        String websiteId = existingWebsite(command.websiteId());
        VisitorState visitor = visitors.find(websiteId, visitorId).filter(VisitorState::hasPageview)
                .orElseThrow(() -> new NotFoundException("visitor not found: " + visitorId
                        + " has no pageview on this website"));
        return append(visitor, EventType.CUSTOM, extraData, UnaryOperator.identity());
    }

    /** Stores an {@code identify} event and merges the profile; the visitor needs any event on the website. */
    @Override
    public String identify(IdentifyCommand command) {
        String visitorId = IdRule.visitorId(VISITOR_FIELD, command.visitorId());
        IdentifyFields fields = IdentifyFields.parse("", command.fields());
        String websiteId = existingWebsite(command.websiteId());
        VisitorState visitor = visitors.find(websiteId, visitorId)
                .orElseThrow(() -> new NotFoundException("visitor not found: " + visitorId + " was never seen on this website"));
        return append(visitor, EventType.IDENTIFY, fields.asExtraData(), state -> state.withProfile(
                fields.applyTo(state.profile())));
    }

    private String existingWebsite(String websiteId) {
        if (websiteId == null) {
            throw new NotFoundException("website not found: no website id given");
        }
        return websites.byId(websiteId).orElseThrow(() -> new NotFoundException("website not found: " + websiteId))
                .id();
    }

    private String append(VisitorState visitor, EventType type, Map<String, String> extraData,
            UnaryOperator<VisitorState> change) {
        Instant now = clock.now();
        Event event = new Event(ids.next(now), visitor.websiteId(), visitor.visitorId(), visitor.sessionId(), type,
                now, visitor.currentUrl(), null, visitor.location().countryCode(), extraData);
        eventLog.append(event, current -> change.apply(seenAt(current.orElseThrow(
                () -> new NotFoundException("visitor not found: " + visitor.visitorId())), now)));
        mapChanges.publish(visitor.websiteId());
        return event.id();
    }

    /** {@code state} with its latest activity at {@code at} when that is later; nothing else changes. */
    static VisitorState seenAt(VisitorState s, Instant at) {
        if (!at.isAfter(s.lastSeenAt())) {
            return s;
        }
        return new VisitorState(s.websiteId(), s.visitorId(), s.firstSeenAt(), at, s.lastPageviewAt(), s.sessionId(),
                s.sessionStartedAt(), s.visitCount(), s.currentUrl(), s.sessionReferrer(), s.sessionParams(),
                s.location(), s.system(), s.firstTouch(), s.profile(), s.customer(), s.details(), s.viewport());
    }
}
