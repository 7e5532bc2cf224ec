package dev.meridian.http.visitors;

import static dev.meridian.http.json.WireValues.rounded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.json.WireValues;
import dev.meridian.http.realtime.RealtimeMapJson.Params;
import io.micronaut.core.annotation.Nullable;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorJourney;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of {@code GET /api/v1/visitors/{visitorId}} (API.md §9.1): key order as there, nulls written,
 * {@code profile} left out when the visitor was never identified, {@code prediction} null for a customer or without a
 * model (rates rounded to 4 decimals, money to 2, confidence to 3, as on the map).
 */
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
@JsonPropertyOrder({"visitorId", "identity", "activity", "profile", "payments", "prediction"})
public record VisitorJourneyJson(
        @JsonProperty("visitorId") String visitorId,
        @JsonProperty("identity") Identity identity,
        @JsonProperty("activity") Activity activity,
        @JsonProperty("profile") @Nullable @JsonInclude(Include.NON_NULL) Profile profile,
        @JsonProperty("payments") List<PaymentJson> payments,
        @JsonProperty("prediction") @Nullable Prediction prediction) {

    static VisitorJourneyJson from(VisitorJourney journey) {
        return new VisitorJourneyJson(journey.visitorId(), Identity.from(journey.identity()),
                Activity.from(journey.activity()),
                journey.profile() == null ? null : new Profile(journey.profile().userId(), journey.profile().metadata(),
                        timestamp(journey.profile().identifiedAt())),
                journey.payments().stream().map(PaymentJson::from).toList(),
                journey.prediction() == null ? null : Prediction.from(journey.prediction()));
    }

    private static String timestamp(java.time.Instant at) {
        return at == null ? null : WireValues.timestamp(at);
    }

    /** Every leaf is written, null when unknown (docs/api.md §9.1). */
    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"country", "countryCode", "region", "city", "latitude", "longitude", "params", "adClickIds",
            "browser", "os", "device", "viewport"})
    public record Identity(
            @JsonProperty("country") @Nullable String country,
            @JsonProperty("countryCode") @Nullable String countryCode,
            @JsonProperty("region") @Nullable String region,
            @JsonProperty("city") @Nullable String city,
            @JsonProperty("latitude") @Nullable Double latitude,
            @JsonProperty("longitude") @Nullable Double longitude,
            @JsonProperty("params") Params params,
            @JsonProperty("adClickIds") Map<String, String> adClickIds,
            @JsonProperty("browser") Software browser,
            @JsonProperty("os") Software os,
            @JsonProperty("device") Device device,
            @JsonProperty("viewport") Viewport viewport) {

        static Identity from(VisitorJourney.Identity identity) {
            var location = identity.location();
            var system = identity.system();
            var details = identity.details();
            return new Identity(location.countryCode(), location.countryCode(), location.region(), location.city(),
                    location.latitude(), location.longitude(), Params.from(identity.params()), identity.adClickIds(),
                    new Software(system.browser(), details.browserVersion()), new Software(system.os(), details.osVersion()),
                    new Device(system.deviceType(), details.vendor(), details.model()),
                    new Viewport(identity.viewport().width(), identity.viewport().height()));
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"name", "version"})
    public record Software(@JsonProperty("name") @Nullable String name, @JsonProperty("version") @Nullable String version) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"type", "vendor", "model"})
    public record Device(@JsonProperty("type") @Nullable String type, @JsonProperty("vendor") @Nullable String vendor,
            @JsonProperty("model") @Nullable String model) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"width", "height"})
    public record Viewport(@JsonProperty("width") @Nullable Integer width, @JsonProperty("height") @Nullable Integer height) {
    }

    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"visitCount", "pageViewCount", "timeSinceFirstVisit", "timeSinceCurrentVisit", "firstVisitAt",
            "lastVisitAt", "currentUrl", "visitedPages", "completedGoals"})
    public record Activity(
            @JsonProperty("visitCount") int visitCount,
            @JsonProperty("pageViewCount") long pageViewCount,
            @JsonProperty("timeSinceFirstVisit") long timeSinceFirstVisit,
            @JsonProperty("timeSinceCurrentVisit") long timeSinceCurrentVisit,
            @JsonProperty("firstVisitAt") String firstVisitAt,
            @JsonProperty("lastVisitAt") String lastVisitAt,
            @JsonProperty("currentUrl") @Nullable String currentUrl,
            @JsonProperty("visitedPages") List<Page> visitedPages,
            @JsonProperty("completedGoals") List<Goal> completedGoals) {

        static Activity from(VisitorJourney.Activity a) {
            return new Activity(a.visitCount(), a.pageViewCount(), a.timeSinceFirstVisitMillis(),
                    a.timeSinceCurrentVisitMillis(), WireValues.timestamp(a.firstVisitAt()),
                    WireValues.timestamp(a.lastVisitAt()), a.currentUrl(),
                    a.visitedPages().stream().map(p -> new Page(p.url(), WireValues.timestamp(p.timestamp()))).toList(),
                    a.completedGoals().stream()
                            .map(g -> new Goal(g.name(), WireValues.timestamp(g.timestamp()), g.origin())).toList());
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"url", "timestamp"})
    public record Page(@JsonProperty("url") String url, @JsonProperty("timestamp") String timestamp) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"name", "timestamp", "origin"})
    public record Goal(@JsonProperty("name") @Nullable String name, @JsonProperty("timestamp") String timestamp,
            @JsonProperty("origin") String origin) {
    }

    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"userId", "metadata", "identifiedAt"})
    public record Profile(
            @JsonProperty("userId") @Nullable String userId,
            @JsonProperty("metadata") Map<String, String> metadata,
            @JsonProperty("identifiedAt") @Nullable String identifiedAt) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"transactionId", "amount", "currency", "timestamp", "renewal", "refunded"})
    public record PaymentJson(
            @JsonProperty("transactionId") String transactionId,
            @JsonProperty("amount") BigDecimal amount,
            @JsonProperty("currency") String currency,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("renewal") boolean renewal,
            @JsonProperty("refunded") boolean refunded) {

        static PaymentJson from(Payment p) {
            return new PaymentJson(p.transactionId(), p.amount(), p.currency(), WireValues.timestamp(p.timestamp()),
                    p.renewal(), p.refunded());
        }
    }

    /** As the map's likelihood, without its explanation. */
    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"score", "conversionRate", "expectedValue", "confidence"})
    public record Prediction(
            @JsonProperty("score") int score,
            @JsonProperty("conversionRate") BigDecimal conversionRate,
            @JsonProperty("expectedValue") BigDecimal expectedValue,
            @JsonProperty("confidence") BigDecimal confidence) {

        static Prediction from(ConversionLikelihood l) {
            return new Prediction(l.score(), rounded(l.conversionRate(), 4), rounded(l.expectedValue(), 2),
                    rounded(l.confidence(), 3));
        }
    }
}
