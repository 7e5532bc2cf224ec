package dev.meridian.http.realtime;

import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.ProfileData;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The realtime map of {@code realtime-map.example.json}, as core hands it over (ports records). */
final class ExampleMap {

    static final String VISITOR_ID = "b971cbbf-7ce2-4925-902b-8f95a5fb3449";

    private ExampleMap() {
    }

    static ConversionLikelihood likelihood() {
        return new ConversionLikelihood(65, 0.763, false, List.of("device", "os", "browser", "country", "referrer"),
                0.0056, 246.98, 1.37);
    }

    static ActiveVisitor visitor(ConversionLikelihood likelihood) {
        return new ActiveVisitor(
                VISITOR_ID,
                new Location("Denver", "US-CO", "US", 39.7391, -104.9866),
                new SystemInfo("Chrome", "Mac OS", "desktop"),
                "/pricing",
                null,
                Instant.parse("2026-02-06T05:27:20Z"),
                1,
                TrackingParams.NONE,
                false,
                null,
                null,
                new ProfileData(null, null, false, true),
                likelihood);
    }

    static RecentEvent pageview() {
        return new RecentEvent("69857bb827ddefd472fb2b09", EventType.PAGEVIEW, VISITOR_ID,
                Instant.parse("2026-02-06T05:27:20Z"), "/pricing", "US", Map.of(), null, null, null);
    }

    static RecentPayment payment() {
        return new RecentPayment("69857bb827ddefd472fb2b12", PaymentType.PAYMENT_RECEIVED,
                Instant.parse("2026-02-06T05:26:10Z"), "Jane Doe", "jane@example.com", new BigDecimal("49.00"), "USD",
                false, null, false, true);
    }

    /** Every field as in the example, with the conversion model. */
    static RealtimeMap withModel() {
        return new RealtimeMap(List.of(visitor(likelihood())), new ConversionMetrics(0.0044, 243.63),
                List.of(pageview()), List.of(payment()));
    }

    /** The same website without a conversion model. */
    static RealtimeMap withoutModel() {
        return new RealtimeMap(List.of(visitor(null)), null, List.of(pageview()), List.of(payment()));
    }
}
