package dev.meridian.http.realtime;

import static dev.meridian.http.json.WireValues.rounded;


import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.json.WireValues;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.TrackingParams;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of {@code GET /api/v1/analytics/realtime/map}, shaped exactly like
 * {@code contract/realtime-map.example.json}: key order as there, nulls written, {@code conversionLikelihood}
 * and {@code conversionMetrics} left out when the website has no conversion model. Rates are rounded to 4
 * decimals, money to 2, confidence to 3 (half-up), timestamps are UTC with milliseconds.
 *
 * <p>Every record says {@code ALWAYS} itself, so the output does not depend on the server's Jackson
 * defaults (Micronaut's is {@code NON_EMPTY}, which would drop the nulls and the empty {@code extraData}).
 */
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
@JsonPropertyOrder({"count", "visitors", "conversionMetrics", "hasConversionPredictions", "recentEvents",
        "recentPayments"})
public record RealtimeMapJson(
        @JsonProperty("count") int count,
        @JsonProperty("visitors") List<Visitor> visitors,
        @JsonProperty("conversionMetrics") @JsonInclude(Include.NON_NULL) Metrics conversionMetrics,
        @JsonProperty("hasConversionPredictions") boolean hasConversionPredictions,
        @JsonProperty("recentEvents") List<Event> recentEvents,
        @JsonProperty("recentPayments") List<Payment> recentPayments) {

    static final int RATE_DECIMALS = 4;
    static final int MONEY_DECIMALS = 2;
    static final int CONFIDENCE_DECIMALS = 3;

    public static RealtimeMapJson from(RealtimeMap map) {
        return new RealtimeMapJson(
                map.count(),
                map.visitors().stream().map(Visitor::from).toList(),
                map.conversionMetrics() == null ? null : Metrics.from(map.conversionMetrics()),
                map.hasConversionPredictions(),
                map.recentEvents().stream().map(Event::from).toList(),
                map.recentPayments().stream().map(Payment::from).toList());
    }

    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"visitorId", "location", "system", "currentUrl", "referrer", "sessionStartTime",
            "visitCount", "params", "latitude", "longitude", "isCustomer", "customerName", "customerEmail",
            "profileData", "conversionLikelihood"})
    public record Visitor(
            @JsonProperty("visitorId") String visitorId,
            @JsonProperty("location") Location location,
            @JsonProperty("system") SystemInfo system,
            @JsonProperty("currentUrl") String currentUrl,
            @JsonProperty("referrer") String referrer,
            @JsonProperty("sessionStartTime") String sessionStartTime,
            @JsonProperty("visitCount") int visitCount,
            @JsonProperty("params") Params params,
            @JsonProperty("latitude") Double latitude,
            @JsonProperty("longitude") Double longitude,
            @JsonProperty("isCustomer") boolean isCustomer,
            @JsonProperty("customerName") String customerName,
            @JsonProperty("customerEmail") String customerEmail,
            @JsonProperty("profileData") ProfileData profileData,
            @JsonProperty("conversionLikelihood") @JsonInclude(Include.NON_NULL) Likelihood conversionLikelihood) {

        static Visitor from(ActiveVisitor visitor) {
            var location = visitor.location();
            var system = visitor.system();
            var params = visitor.params();
            var profile = visitor.profileData();
            return new Visitor(
                    visitor.visitorId(),
                    new Location(location.city(), location.region(), location.countryCode()),
                    new SystemInfo(new Named(system.browser()), new Named(system.os()), new Typed(system.deviceType())),
                    visitor.currentUrl(),
                    visitor.referrer(),
                    WireValues.timestamp(visitor.sessionStartTime()),
                    visitor.visitCount(),
                    Params.from(params),
                    location.latitude(),
                    location.longitude(),
                    visitor.isCustomer(),
                    visitor.customerName(),
                    visitor.customerEmail(),
                    new ProfileData(profile.displayName(), profile.userId(), profile.hasProfile(),
                            profile.isRandomName()),
                    visitor.conversionLikelihood() == null ? null : Likelihood.from(visitor.conversionLikelihood()));
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"city", "region", "countryCode"})
    public record Location(
            @JsonProperty("city") String city,
            @JsonProperty("region") String region,
            @JsonProperty("countryCode") String countryCode) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"browser", "os", "device"})
    public record SystemInfo(
            @JsonProperty("browser") Named browser,
            @JsonProperty("os") Named os,
            @JsonProperty("device") Typed device) {
    }

    /** {@code {"name": …}}, as the browser and the OS are written. */
    @JsonInclude(Include.ALWAYS)
    public record Named(@JsonProperty("name") String name) {
    }

    /** {@code {"type": …}}, as the device is written. */
    @JsonInclude(Include.ALWAYS)
    public record Typed(@JsonProperty("type") String type) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"ref", "source", "via", "utm_source", "utm_medium", "utm_campaign", "utm_content",
            "utm_term"})
    public record Params(
            @JsonProperty("ref") String ref,
            @JsonProperty("source") String source,
            @JsonProperty("via") String via,
            @JsonProperty("utm_source") String utmSource,
            @JsonProperty("utm_medium") String utmMedium,
            @JsonProperty("utm_campaign") String utmCampaign,
            @JsonProperty("utm_content") String utmContent,
            @JsonProperty("utm_term") String utmTerm) {

        /** The eight campaign keys of API.md §2, each null when absent: the map's and the visitor journey's. */
        public static Params from(TrackingParams p) {
            return new Params(p.ref(), p.source(), p.via(), p.utmSource(), p.utmMedium(), p.utmCampaign(),
                    p.utmContent(), p.utmTerm());
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"displayName", "userId", "hasProfile", "isRandomName"})
    public record ProfileData(
            @JsonProperty("displayName") String displayName,
            @JsonProperty("userId") String userId,
            @JsonProperty("hasProfile") boolean hasProfile,
            @JsonProperty("isRandomName") boolean isRandomName) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"score", "confidence", "isBaseline", "dimensionMatches", "raw"})
    public record Likelihood(
            @JsonProperty("score") int score,
            @JsonProperty("confidence") BigDecimal confidence,
            @JsonProperty("isBaseline") boolean isBaseline,
            @JsonProperty("dimensionMatches") List<String> dimensionMatches,
            @JsonProperty("raw") Raw raw) {

        static Likelihood from(ConversionLikelihood likelihood) {
            return new Likelihood(
                    likelihood.score(),
                    rounded(likelihood.confidence(), CONFIDENCE_DECIMALS),
                    likelihood.isBaseline(),
                    likelihood.dimensionMatches(),
                    new Raw(rounded(likelihood.conversionRate(), RATE_DECIMALS),
                            rounded(likelihood.averageValue(), MONEY_DECIMALS),
                            rounded(likelihood.expectedValue(), MONEY_DECIMALS)));
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"conversionRate", "averageValue", "expectedValue"})
    public record Raw(
            @JsonProperty("conversionRate") BigDecimal conversionRate,
            @JsonProperty("averageValue") BigDecimal averageValue,
            @JsonProperty("expectedValue") BigDecimal expectedValue) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"baselineConversionRate", "baselineAverageValue"})
    public record Metrics(
            @JsonProperty("baselineConversionRate") BigDecimal baselineConversionRate,
            @JsonProperty("baselineAverageValue") BigDecimal baselineAverageValue) {

        static Metrics from(ConversionMetrics metrics) {
            return new Metrics(rounded(metrics.baselineConversionRate(), RATE_DECIMALS),
                    rounded(metrics.baselineAverageValue(), MONEY_DECIMALS));
        }
    }

    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"_id", "type", "visitorId", "timestamp", "path", "countryCode", "extraData", "referrer",
            "customerName", "amount", "displayName"})
    public record Event(
            @JsonProperty("_id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("visitorId") String visitorId,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("path") String path,
            @JsonProperty("countryCode") String countryCode,
            @JsonProperty("extraData") @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
            Map<String, String> extraData,
            @JsonProperty("referrer") String referrer,
            @JsonProperty("customerName") String customerName,
            @JsonProperty("amount") BigDecimal amount,
            @JsonProperty("displayName") String displayName) {

        static Event from(RecentEvent event) {
            return new Event(event.id(), event.type().wireName(), event.visitorId(), WireValues.timestamp(event.timestamp()),
                    event.path(), event.countryCode(), event.extraData(), event.referrer(), event.customerName(),
                    null, // events carry no money (API.md §2)
                    event.displayName());
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"_id", "type", "timestamp", "name", "email", "amount", "currency", "renewal",
            "displayName", "isNew", "visible"})
    public record Payment(
            @JsonProperty("_id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("name") String name,
            @JsonProperty("email") String email,
            @JsonProperty("amount") BigDecimal amount,
            @JsonProperty("currency") String currency,
            @JsonProperty("renewal") boolean renewal,
            @JsonProperty("displayName") String displayName,
            @JsonProperty("isNew") boolean isNew,
            @JsonProperty("visible") boolean visible) {

        static Payment from(RecentPayment payment) {
            return new Payment(payment.id(), payment.type().wireName(), WireValues.timestamp(payment.timestamp()),
                    payment.name(), payment.email(), rounded(payment.amount(), MONEY_DECIMALS), payment.currency(),
                    payment.renewal(), payment.displayName(), payment.isNew(), payment.visible());
        }
    }
}
