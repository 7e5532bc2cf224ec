package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One visitor's journey (API.md §9.1).
 *
 * @param profile    from identify; {@code null} when the visitor was never identified
 * @param payments   every payment attributed to the visitor, refunded ones included, oldest first
 * @param prediction from the website's conversion model for the visitor's dimensions; {@code null} for a customer or
 *                   without a model
 */
public record VisitorJourney(
        String visitorId,
        Identity identity,
        Activity activity,
        IdentifiedProfile profile,
        List<Payment> payments,
        ConversionLikelihood prediction) {

    public VisitorJourney {
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(activity, "activity");
        payments = List.copyOf(payments);
    }

    /**
     * Who the visitor is, from the latest pageview (location, system, its versions, maker and model, viewport); campaign parameters and ad click ids from the first session's
     * landing URL.
     *
     * @param adClickIds {@code gclid}, {@code fbclid}, {@code msclkid}, {@code ttclid}, {@code li_fat_id} found on the
     *                   landing URL, in that order; empty when none
     */
    public record Identity(Location location, SystemInfo system, DeviceDetails details, Viewport viewport,
            TrackingParams params, Map<String, String> adClickIds) {

        public Identity {
            location = location == null ? Location.UNKNOWN : location;
            system = system == null ? SystemInfo.UNKNOWN : system;
            details = details == null ? DeviceDetails.UNKNOWN : details;
            viewport = viewport == null ? Viewport.UNKNOWN : viewport;
            params = params == null ? TrackingParams.NONE : params;
            adClickIds = Collections.unmodifiableMap(new LinkedHashMap<>(adClickIds));
        }

        /** Without versions, device maker and model, or viewport (all unknown). */
        public Identity(Location location, SystemInfo system, TrackingParams params, Map<String, String> adClickIds) {
            this(location, system, null, null, params, adClickIds);
        }
    }

    /**
     * What the visitor did.
     *
     * @param currentUrl     host and path (no scheme, no query) of the latest pageview: {@code example.com/pricing}
     * @param visitedPages   the latest {@value dev.meridian.ports.in.GetVisitorJourney#MAX_EVENTS} pageviews, oldest
     *                       first
     * @param completedGoals the latest {@value dev.meridian.ports.in.GetVisitorJourney#MAX_EVENTS} goals and every
     *                       payment, oldest first
     */
    public record Activity(
            int visitCount,
            long pageViewCount,
            long timeSinceFirstVisitMillis,
            long timeSinceCurrentVisitMillis,
            Instant firstVisitAt,
            Instant lastVisitAt,
            String currentUrl,
            List<VisitedPage> visitedPages,
            List<CompletedGoal> completedGoals) {

        public Activity {
            visitedPages = List.copyOf(visitedPages);
            completedGoals = List.copyOf(completedGoals);
        }
    }

    /** @param url host and path, as {@link Activity#currentUrl()} */
    public record VisitedPage(String url, Instant timestamp) {
    }

    /**
     * @param name   the goal's name; {@code payment} or {@code free_trial} for a payment
     * @param origin {@code manual} for goals (script, SDK, {@code /api/v1/goals}), {@code payment_provider} for payments
     */
    public record CompletedGoal(String name, Instant timestamp, String origin) {

        public static final String MANUAL = "manual";
        public static final String PAYMENT_PROVIDER = "payment_provider";
    }

    /**
     * What identify said, merged over its calls.
     *
     * @param metadata     the identify fields other than {@code user_id} ({@code name}, {@code image}, the others)
     * @param identifiedAt time of the latest identify call, or {@code null} when the log holds none
     */
    public record IdentifiedProfile(String userId, Map<String, String> metadata, Instant identifiedAt) {

        public IdentifiedProfile {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }
}
