package dev.meridian.core.map;

import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.core.scoring.CustomerLikelihood;
import dev.meridian.core.urls.Referrers;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a website's realtime map: visitors with a pageview in the window (default 10 minutes), newest
 * activity first; the window's events other than payments and its payments, newest first, 100 of each at
 * most; and, when the website has a conversion model, every visitor's likelihood.
 */
public final class RealtimeMapQuery implements GetRealtimeMap {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int MAX_RECENT = 100;

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
    public RealtimeMap realtimeMap(String websiteId) {
        websites.byId(websiteId).orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        Instant since = clock.now().minus(window);
        Optional<ConversionModel> model = models.forWebsite(websiteId);

        List<VisitorState> active = visitors.activeSince(websiteId, since);
        Map<String, VisitorState> activeById = new HashMap<>(active.size() * 2);
        List<ActiveVisitor> onMap = new ArrayList<>(active.size());
        for (VisitorState state : active) {
            activeById.put(state.visitorId(), state);
            onMap.add(toActiveVisitor(state, model));
        }
        return new RealtimeMap(onMap,
                model.map(ConversionModel::metrics).orElse(null),
                recentEvents(websiteId, since, activeById),
                recentPayments(websiteId, since, activeById));
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
    static VisitorDimensions liveDimensions(VisitorState state) {
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

    private List<RecentEvent> recentEvents(String websiteId, Instant since, Map<String, VisitorState> active) {
        List<RecentEvent> result = new ArrayList<>(MAX_RECENT);
        Map<String, Optional<VisitorState>> known = new HashMap<>();
        // payments are logged too but listed separately: read further back until 100 others are found
        int limit = MAX_RECENT;
        while (true) {
            List<Event> events = eventLog.recentEvents(websiteId, since, limit);
            result.clear();
            for (Event event : events) {
                if (event.type() == EventType.PAYMENT) {
                    continue;
                }
                Optional<VisitorState> visitor = active.containsKey(event.visitorId())
                        ? Optional.of(active.get(event.visitorId()))
                        : known.computeIfAbsent(event.visitorId(), id -> visitors.find(websiteId, id));
                result.add(new RecentEvent(event.id(), event.type(), event.visitorId(), event.timestamp(),
                        event.path(), event.countryCode(), event.extraData(), event.referrer(),
                        visitor.map(v -> v.customer().name()).orElse(null),
                        visitor.map(RealtimeMapQuery::displayName).orElse(null)));
                if (result.size() == MAX_RECENT) {
                    return result;
                }
            }
            if (events.size() < limit) {
                return result;
            }
            limit *= 4;
        }
    }

    private List<RecentPayment> recentPayments(String websiteId, Instant since, Map<String, VisitorState> active) {
        List<RecentPayment> result = new ArrayList<>();
        for (Payment payment : payments.recentPayments(websiteId, since, MAX_RECENT)) {
            Optional<VisitorState> visitor = payment.visitorId() == null
                    ? Optional.empty()
                    : Optional.ofNullable(active.get(payment.visitorId()))
                            .or(() -> visitors.find(websiteId, payment.visitorId()));
            result.add(new RecentPayment(payment.id(), payment.type(), payment.timestamp(), payment.name(),
                    payment.email(), payment.amount(), payment.currency(), payment.renewal(),
                    visitor.map(RealtimeMapQuery::displayName).orElse(null),
                    isNew(payment),
                    payment.visitorId() != null && active.containsKey(payment.visitorId())));
        }
        return result;
    }

    /**
     * The first payment of its customer (by visitor, else by email). A renewal never is: the customer paid
     * before, even when that payment predates what this server recorded.
     */
    private boolean isNew(Payment payment) {
        return !payment.renewal() && !payments.hasEarlierOfSameCustomer(payment);
    }
}
