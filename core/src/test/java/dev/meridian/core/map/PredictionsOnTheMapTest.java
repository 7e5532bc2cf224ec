package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The default Meridian fits docs/scoring.md's model from the store's history and scores the map's visitors. */
class PredictionsOnTheMapTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryStore store = new InMemoryStore();
    private final Meridian meridian = Meridian.builder().storage(store).clock(clock)
            .geoLocator(ip -> new Location(null, null, ip.startsWith("1.") ? "US" : "GB", null, null))
            .deviceDetector(ua -> new ClientDevice(new SystemInfo("Chrome", "Mac OS", ua), false))
            .modelExecutor(Runnable::run)
            .build();
    private final Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));

    private String visit(String ip, String device) {
        String visitor = UUID.randomUUID().toString();
        meridian.trackEvent().track(new TrackCommand(site.trackingId(), "example.com", "https://example.com/",
                null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false, ip, device));
        return visitor;
    }

    private void pays(String visitor, String amount) {
        store.visitors().update(site.id(), visitor, s -> s.withCustomer(new CustomerInfo(true, "Buyer", "b@x.com",
                new BigDecimal(amount))));
    }

    @Test
    void withoutEnoughHistoryThereAreNoPredictions() {
        visit("1.1.1.1", "desktop");

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());
        assertThat(map.hasConversionPredictions()).isFalse();
        assertThat(map.visitors()).allSatisfy(v -> assertThat(v.conversionLikelihood()).isNull());
    }

    @Test
    void withEnoughHistoryEveryActiveVisitorIsScoredAndCustomersGet100() {
        for (int i = 0; i < 150; i++) {
            String visitor = visit(i % 2 == 0 ? "1.1.1.1" : "2.2.2.2", i % 3 == 0 ? "mobile" : "desktop");
            if (i % 10 == 0) {
                pays(visitor, "100");
            }
        }
        clock.advance(Duration.ofDays(1));
        String live = visit("1.1.1.1", "desktop");
        String customer = visit("2.2.2.2", "mobile");
        pays(customer, "49.99");

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());
        assertThat(map.hasConversionPredictions()).isTrue();
        assertThat(map.conversionMetrics().baselineConversionRate()).isEqualTo(15 / 150.0);
        assertThat(map.conversionMetrics().baselineAverageValue()).isEqualTo(100.0);
        ActiveVisitor scored = map.visitors().stream().filter(v -> v.visitorId().equals(live)).findFirst()
                .orElseThrow();
        assertThat(scored.conversionLikelihood().dimensionMatches()).containsExactly("device", "os", "browser",
                "country", "referrer");
        assertThat(scored.conversionLikelihood().score()).isBetween(0, 99);
        ActiveVisitor paid = map.visitors().stream().filter(v -> v.visitorId().equals(customer)).findFirst()
                .orElseThrow();
        assertThat(paid.conversionLikelihood().score()).isEqualTo(100);
        assertThat(paid.conversionLikelihood().expectedValue()).isEqualTo(49.99);
        assertThat(paid.conversionLikelihood().dimensionMatches()).isEqualTo(List.of());
    }
}
