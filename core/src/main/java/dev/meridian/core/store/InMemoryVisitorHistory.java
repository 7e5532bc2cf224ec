package dev.meridian.core.store;

import dev.meridian.core.store.Sites.Site;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.VisitorHistory;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * {@link VisitorHistory} over the websites' visitors and events ({@link Sites}: each visitor's events are indexed) and
 * the payments port. The list walks the visitors by latest pageview, newest first, and tests every filter on each.
 */
final class InMemoryVisitorHistory implements VisitorHistory {

    private final Sites sites;
    private final Payments payments;

    InMemoryVisitorHistory(Sites sites, Payments payments) {
        this.sites = sites;
        this.payments = payments;
    }

    @Override
    public Optional<StoredJourney> journey(String websiteId, String visitorId, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
        Site site = sites.existing(websiteId);
        VisitorState visitor = site == null ? null : site.visitors.get(visitorId);
        NavigableMap<TimeKey, Event> own = site == null ? null : site.eventsByVisitor.get(visitorId);
        if (visitor == null || own == null) {
            return Optional.empty();
        }
        Deque<Event> latestPageviews = new ArrayDeque<>();
        Deque<Event> latestGoals = new ArrayDeque<>();
        Event firstPageview = null;
        long pageviews = 0;
        Instant lastIdentified = null;
        for (Event event : own.values()) {
            switch (event.type()) {
                case PAGEVIEW -> {
                    pageviews++;
                    if (firstPageview == null) {
                        firstPageview = event;
                    }
                    keepLatest(latestPageviews, event, maxEvents);
                }
                case CUSTOM -> keepLatest(latestGoals, event, maxEvents);
                case IDENTIFY -> lastIdentified = event.timestamp();
                default -> {
                }
            }
        }
        if (firstPageview == null) {
            return Optional.empty();
        }
        List<Event> latest = new ArrayList<>(latestPageviews.size() + latestGoals.size());
        latest.addAll(latestPageviews);
        latest.addAll(latestGoals);
        latest.sort(Comparator.comparing((Event e) -> new TimeKey(e.timestamp(), e.id())));
        return Optional.of(new StoredJourney(visitor, latest, pageviews, firstPageview, lastIdentified,
                payments.ofVisitor(websiteId, visitorId)));
    }

    private static void keepLatest(Deque<Event> latest, Event event, int max) {
        latest.addLast(event);
        if (latest.size() > max) {
            latest.removeFirst();
        }
    }

    @Override
    public VisitorPage list(VisitorQuery query) {
        Site site = sites.existing(query.websiteId());
        if (site == null) {
            return new VisitorPage(List.of(), 0);
        }
        List<VisitorPage.Listed> page = new ArrayList<>();
        long total = 0;
        for (TimeKey key : site.byLastPageview.subSet(TimeKey.earliestAt(query.from()), TimeKey.earliestAt(query.to()))
                .descendingSet()) {
            VisitorState visitor = site.visitors.get(key.id());
            NavigableMap<TimeKey, Event> own = site.eventsByVisitor.get(key.id());
            if (visitor == null || own == null) {
                continue;
            }
            Event landing = firstPageview(own);
            if (!matches(query, visitor, own, landing)) {
                continue;
            }
            if (total >= query.offset() && page.size() < query.limit()) {
                page.add(new VisitorPage.Listed(visitor, landing == null ? null : landing.path()));
            }
            total++;
        }
        return new VisitorPage(page, total);
    }

    private static Event firstPageview(NavigableMap<TimeKey, Event> own) {
        for (Event event : own.values()) {
            if (event.type() == EventType.PAGEVIEW) {
                return event;
            }
        }
        return null;
    }

    private boolean matches(VisitorQuery q, VisitorState v, NavigableMap<TimeKey, Event> own, Event landing) {
        if (q.customer() != null && q.customer() != v.customer().customer()) {
            return false;
        }
        if (!in(q.countries(), v.location().countryCode()) || !in(q.devices(), v.system().deviceType())
                || !in(q.browsers(), v.system().browser()) || !in(q.oses(), v.system().os())) {
            return false;
        }
        if (!q.referrers().isEmpty() && (v.firstTouch() == null || !q.referrers().contains(v.firstTouch().referrer()))) {
            return false;
        }
        TrackingParams landingParams = landing == null ? TrackingParams.NONE : PageUrl.campaignParamsOfPath(landing.path());
        if (!in(q.utmSources(), landingParams.utmSource()) || !in(q.utmCampaigns(), landingParams.utmCampaign())) {
            return false;
        }
        if (!q.pages().isEmpty() && own.values().stream().noneMatch(e -> e.type() == EventType.PAGEVIEW
                && q.pages().contains(PageUrl.withoutQuery(e.path())))) {
            return false;
        }
        return q.goals().isEmpty() || completedGoal(q.goals(), v, own);
    }

    private boolean completedGoal(Set<String> goals, VisitorState v, NavigableMap<TimeKey, Event> own) {
        for (Event event : own.values()) {
            if (event.type() == EventType.CUSTOM && goals.contains(event.extraData().get("eventName"))) {
                return true;
            }
        }
        if (!goals.contains("payment") && !goals.contains("free_trial")) {
            return false;
        }
        for (Payment payment : payments.ofVisitor(v.websiteId(), v.visitorId())) {
            if (goals.contains(payment.type() == PaymentType.FREE_TRIAL ? "free_trial" : "payment")) {
                return true;
            }
        }
        return false;
    }

    private static boolean in(Set<String> wanted, String value) {
        return wanted.isEmpty() || (value != null && wanted.contains(value));
    }
}
