package dev.meridian.core.map;

import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.core.scoring.CustomerLikelihood;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.ProfileData;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a website's realtime map: how many visitors have a pageview in the window (default 10 minutes) and the
 * {@code limit} of them with the latest pageviews, newest first; the window's events other than payments and its
 * payments, newest first, 100 of each at most; and, when the website has a conversion model, the likelihood of each
 * visitor listed. Every read is bounded: by the limit, by 100, or by the visitors of those 100 events and payments.
 */
public final class RealtimeMapQuery implements GetRealtimeMap {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int MAX_RECENT = 100;
    public static final int MAX_LIMIT = GetRealtimeMap.MAX_LIMIT;

    private final Websites websites;
    private final Visitors visitors;
    private final EventLog eventLog;
    private final Payments payments;
    private final ConversionModels models;
    private final Clock clock;
    private final Duration window;

    public RealtimeMapQuery(Websites websites, Visitors visitors, EventLog eventLog, Payments payments,
            ConversionModels models, Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the realtime window must be positive");
        }
        this.websites = websites;
        this.visitors = visitors;
        this.eventLog = eventLog;
        this.payments = payments;
        this.models = models;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public RealtimeMap forWebsite(String websiteId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        websites.byId(websiteId).orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        Instant since = clock.now().minus(window);
        Optional<ConversionModel> model = models.forWebsite(websiteId);

        Visitors.Active active = visitors.active(websiteId, since, limit);
        Map<String, VisitorState> listed = new HashMap<>(active.latest().size() * 2);
        List<ActiveVisitor> onMap = new ArrayList<>(active.latest().size());
        for (VisitorState state : active.latest()) {
            listed.put(state.visitorId(), state);
            onMap.add(toActiveVisitor(state, model));
        }
        return new RealtimeMap(onMap,
                model.map(ConversionModel::metrics).orElse(null),
                recentEvents(websiteId, since, listed),
                recentPayments(websiteId, since, listed),
                active.count());
    }

    private static ActiveVisitor toActiveVisitor(VisitorState state, Optional<ConversionModel> model) {
        ConversionLikelihood likelihood = model.map(m -> state.customer().customer()
                        ? CustomerLikelihood.of(state.customer().revenue())
                        : m.likelihood(liveDimensions(state)))
                .orElse(null);
        return new ActiveVisitor(state.visitorId(), state.location(), state.system(), state.currentUrl(),
                state.sessionReferrer(), state.sessionStartedAt(), state.visitCount(), state.sessionParams(),
                state.customer().customer(), state.customer().name(), state.customer().email(),
                profileData(state), likelihood);
    }

    /** What the model knows of a live visitor: its current system and country, its session's referrer. */
    public static VisitorDimensions liveDimensions(VisitorState state) {
        return new VisitorDimensions(state.system().deviceType(), state.system().os(), state.system().browser(),
                state.location().countryCode(), Referrers.dimension(state.sessionReferrer()));
    }

    static ProfileData profileData(VisitorState state) {
        String displayName = displayName(state);
        return new ProfileData(displayName, state.profile().userId(), state.profile().identified(),
                displayName == null);
    }

    /** Identify's name, else the customer name, else {@code null}. */
    static String displayName(VisitorState state) {
        if (state.profile().displayName() != null) {
            return state.profile().displayName();
        }
        return state.customer().name();
    }

    private List<RecentEvent> recentEvents(String websiteId, Instant since, Map<String, VisitorState> listed) {
        List<Event> shown = new ArrayList<>(MAX_RECENT);
        // payments are logged too but listed separately: read further back until 100 others are found
        int limit = MAX_RECENT;
        while (true) {
            List<Event> events = eventLog.recentEvents(websiteId, since, limit);
            shown.clear();
            for (Event event : events) {
                if (event.type() != EventType.PAYMENT && shown.size() < MAX_RECENT) {
                    shown.add(event);
                }
            }
            if (shown.size() == MAX_RECENT || events.size() < limit) {
                break;
            }
            limit *= 4;
        }
        Map<String, VisitorState> visitorsOf = withUnlisted(websiteId, listed,
                shown.stream().map(Event::visitorId).toList());
        List<RecentEvent> result = new ArrayList<>(shown.size());
        for (Event event : shown) {
            Optional<VisitorState> visitor = Optional.ofNullable(visitorsOf.get(event.visitorId()));
            result.add(new RecentEvent(event.id(), event.type(), event.visitorId(), event.timestamp(),
                    event.path(), event.countryCode(), event.extraData(), event.referrer(),
                    visitor.map(v -> v.customer().name()).orElse(null),
                    visitor.map(RealtimeMapQuery::displayName).orElse(null)));
        }
        return result;
    }

    /**
     * The window's payments with, in one read each, their visitors (listed or not) and whether each is the first of
     * its customer. {@code visible}: its visitor is active, listed on this map or not.
     */
    private List<RecentPayment> recentPayments(String websiteId, Instant since, Map<String, VisitorState> listed) {
        List<Payment> recent = payments.recentPayments(websiteId, since, MAX_RECENT);
        if (recent.isEmpty()) {
            return List.of();
        }
        Map<String, VisitorState> visitorsOf = withUnlisted(websiteId, listed,
                recent.stream().map(Payment::visitorId).filter(Objects::nonNull).toList());
        Set<String> repeated = payments.withEarlierOfSameCustomer(websiteId,
                recent.stream().filter(p -> !p.renewal()).toList());
        List<RecentPayment> result = new ArrayList<>(recent.size());
        for (Payment payment : recent) {
            VisitorState visitor = payment.visitorId() == null ? null : visitorsOf.get(payment.visitorId());
            boolean active = visitor != null && visitor.lastPageviewAt() != null
                    && !visitor.lastPageviewAt().isBefore(since);
            result.add(new RecentPayment(payment.id(), payment.type(), payment.timestamp(), payment.name(),
                    payment.email(), payment.amount(), payment.currency(), payment.renewal(),
                    visitor == null ? null : displayName(visitor),
                    isNew(payment, repeated),
                    active));
        }
        return result;
    }

    /** The states of {@code visitorIds}: those listed on the map, the others read in one go. */
    private Map<String, VisitorState> withUnlisted(String websiteId, Map<String, VisitorState> listed,
            List<String> visitorIds) {
        Set<String> unlisted = new HashSet<>();
        for (String visitorId : visitorIds) {
            if (!listed.containsKey(visitorId)) {
                unlisted.add(visitorId);
            }
        }
        if (unlisted.isEmpty()) {
            return listed;
        }
        Map<String, VisitorState> all = new HashMap<>(listed);
        all.putAll(visitors.findAll(websiteId, unlisted));
        return all;
    }

    /**
     * The first payment of its customer (by visitor, else by email). A renewal never is: the customer paid
     * before, even when that payment predates what this server recorded.
     */
    private static boolean isNew(Payment payment, Set<String> withEarlierOfSameCustomer) {
        return !payment.renewal() && !withEarlierOfSameCustomer.contains(payment.id());
    }
}
