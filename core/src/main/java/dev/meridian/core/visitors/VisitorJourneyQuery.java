package dev.meridian.core.visitors;

import dev.meridian.core.map.RealtimeMapQuery;
import dev.meridian.core.rules.IdRule;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.VisitorJourney;
import dev.meridian.ports.model.VisitorJourney.CompletedGoal;
import dev.meridian.ports.model.VisitorJourney.VisitedPage;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Websites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One visitor's journey (API.md §9.1) from what storage holds of it ({@link VisitorHistory#journey}) and, for a
 * visitor who is not a customer, the website's conversion model (the map's: docs/scoring.md, the same dimensions).
 */
public final class VisitorJourneyQuery implements GetVisitorJourney {

    /** The ad click ids looked for on the landing URL, in the order they are listed. */
    static final List<String> AD_CLICK_IDS = List.of("gclid", "fbclid", "msclkid", "ttclid", "li_fat_id");

    private final Websites websites;
    private final VisitorHistory history;
    private final ConversionModels models;
    private final Clock clock;
    private final CountRobots robots;

    /** @param robots tells a robot's visitor id (never stored as a visitor) from an unknown one */
    public VisitorJourneyQuery(Websites websites, VisitorHistory history, ConversionModels models, Clock clock,
            CountRobots robots) {
        this.websites = websites;
        this.history = history;
        this.models = models;
        this.clock = clock;
        this.robots = robots;
    }

    @Override
    public VisitorJourney forVisitor(String websiteId, String visitorId) {
        String id = IdRule.visitorId("visitorId", visitorId);
        Website website = websites.byId(websiteId)
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        Optional<StoredJourney> found = history.journey(website.id(), id, MAX_EVENTS);
        if (found.isEmpty()) {
            if (robots.isRobotVisitor(website.id(), id)) {
                throw new InvalidInputException("visitorId", "visitor is a robot: robots are counted, not stored");
            }
            throw new NotFoundException("visitor not found: no pageview of " + id + " on this website");
        }
        StoredJourney stored = found.get();
        VisitorState visitor = stored.visitor();
        Instant now = clock.now();
        return new VisitorJourney(id,
                new VisitorJourney.Identity(visitor.location(), visitor.system(), visitor.details(), visitor.viewport(),
                        PageUrl.campaignParamsOfPath(stored.firstPageview().path()),
                        PageUrl.parametersOfPath(stored.firstPageview().path(), AD_CLICK_IDS)),
                activity(website, stored, now),
                profile(visitor.profile(), stored.lastIdentifiedAt()),
                stored.payments(),
                prediction(website.id(), visitor));
    }

    private static VisitorJourney.Activity activity(Website website, StoredJourney stored, Instant now) {
        VisitorState visitor = stored.visitor();
        List<VisitedPage> pages = new ArrayList<>();
        List<CompletedGoal> goals = new ArrayList<>();
        for (Event event : stored.events()) {
            if (event.type() == EventType.PAGEVIEW) {
                pages.add(new VisitedPage(pageUrl(website, event.path()), event.timestamp()));
            } else if (event.type() == EventType.CUSTOM) {
                goals.add(new CompletedGoal(event.extraData().get("eventName"), event.timestamp(), CompletedGoal.MANUAL));
            }
        }
        for (Payment payment : stored.payments()) {
            goals.add(new CompletedGoal(payment.type() == PaymentType.FREE_TRIAL ? "free_trial" : "payment",
                    payment.timestamp(), CompletedGoal.PAYMENT_PROVIDER));
        }
        goals.sort(Comparator.comparing(CompletedGoal::timestamp)); // stable: goals before payments of the same time
        return new VisitorJourney.Activity(visitor.visitCount(), stored.pageviewCount(),
                millisSince(visitor.firstSeenAt(), now), millisSince(visitor.sessionStartedAt(), now),
                visitor.firstSeenAt(), visitor.lastSeenAt(), pageUrl(website, visitor.currentUrl()), pages, goals);
    }

    /**
     * A stored page path as {@code host/path}: the website's domain (events keep the path, not the host) and the path
     * without its query string.
     */
    static String pageUrl(Website website, String path) {
        if (path == null) {
            return null;
        }
        String bare = PageUrl.withoutQuery(path);
        return website.domain() + (bare.startsWith("/") ? bare : "/" + bare);
    }

    private static long millisSince(Instant at, Instant now) {
        return Math.max(0, Duration.between(at, now).toMillis());
    }

    private static VisitorJourney.IdentifiedProfile profile(Profile profile, Instant identifiedAt) {
        if (!profile.identified()) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (profile.displayName() != null) {
            metadata.put("name", profile.displayName());
        }
        if (profile.imageUrl() != null) {
            metadata.put("image", profile.imageUrl());
        }
        metadata.putAll(profile.fields());
        return new VisitorJourney.IdentifiedProfile(profile.userId(), metadata, identifiedAt);
    }

    private ConversionLikelihood prediction(String websiteId, VisitorState visitor) {
        if (visitor.customer().customer()) {
            return null;
        }
        return models.forWebsite(websiteId)
                .map(model -> model.likelihood(RealtimeMapQuery.liveDimensions(visitor)))
                .orElse(null);
    }
}
