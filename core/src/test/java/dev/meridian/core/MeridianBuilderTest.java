package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.scoring.ScoringSettings;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The builder's settings: each is checked when set, naming itself, and each does what it says. */
class MeridianBuilderTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryStore store = new InMemoryStore();

    private static final Map<String, BiConsumer<Meridian.Builder, Duration>> DURATION_SETTINGS = Map.of(
            "realtimeWindow", Meridian.Builder::realtimeWindow,
            "sessionIdleTimeout", Meridian.Builder::sessionIdleTimeout,
            "robotFlushInterval", Meridian.Builder::robotFlushInterval);

    @Test
    void everyDurationSettingRefusesNullZeroAndNegativeValuesNamingItself() {
        DURATION_SETTINGS.forEach((name, setting) -> {
            Meridian.Builder builder = Meridian.builder();
            assertThatThrownBy(() -> setting.accept(builder, null)).as(name)
                    .isInstanceOf(NullPointerException.class).hasMessage(name);
            assertThatThrownBy(() -> setting.accept(builder, Duration.ZERO)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(name + " must be positive, got PT0S");
            assertThatThrownBy(() -> setting.accept(builder, Duration.ofSeconds(-1))).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(name + " must be positive, got PT-1S");
            setting.accept(builder, Duration.ofMillis(1));
        });
    }

    @Test
    void withoutStorageBuildingFailsSayingWhatToChoose() {
        assertThatThrownBy(() -> Meridian.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("choose the storage");
    }

    @Test
    void theRealtimeWindowIsHowLongAPageviewKeepsItsVisitorOnTheMap() {
        Meridian meridian = Meridian.builder().storage(store).clock(clock).realtimeWindow(Duration.ofMinutes(2)).build();
        Website site = website(meridian);
        pageview(meridian, site, UUID.randomUUID().toString(), "s" + UUID.randomUUID(), "1.1.1.1");

        clock.advance(Duration.ofSeconds(119));
        assertThat(meridian.realtimeMap().forWebsite(site.id()).count()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(meridian.realtimeMap().forWebsite(site.id()).count()).isZero();
    }

    @Test
    void theSessionIdleTimeoutIsTheInactivityAfterWhichTheNextEventStartsANewVisit() {
        Meridian meridian = Meridian.builder().storage(store).clock(clock)
                .sessionIdleTimeout(Duration.ofMinutes(1)).build();
        Website site = website(meridian);
        String visitor = UUID.randomUUID().toString();
        String session = "s" + UUID.randomUUID();
        pageview(meridian, site, visitor, session, "1.1.1.1");
        clock.advance(Duration.ofSeconds(59));
        pageview(meridian, site, visitor, session, "1.1.1.1");
        assertThat(meridian.realtimeMap().forWebsite(site.id()).visitors().get(0).visitCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        pageview(meridian, site, visitor, session, "1.1.1.1");

        assertThat(meridian.realtimeMap().forWebsite(site.id()).visitors().get(0).visitCount()).isEqualTo(2);
    }

    @Test
    void scoringSettingsTuneTheDefaultModelOfEachWebsite() {
        ScoringSettings demanding = ScoringSettings.defaults().withMinVisitors(1_000);
        Website[] tuned = new Website[1];
        Meridian meridian = Meridian.builder().storage(store).clock(clock)
                .geoLocator(ip -> new Location(null, null, ip.startsWith("1.") ? "US" : "GB", null, null))
                .deviceDetector(ua -> new ClientDevice(new SystemInfo("Chrome", "Mac OS", ua), false))
                .scoringSettings(websiteId -> websiteId.equals(tuned[0].id()) ? demanding : ScoringSettings.defaults())
                .build();
        Website standard = website(meridian);
        tuned[0] = meridian.websites().create(new NewWebsite("example.org", null, null, null));
        // docs/scoring.md's defaults fit a model from 150 visitors of whom 15 paid (PredictionsOnTheMapTest)
        for (Website site : new Website[] {standard, tuned[0]}) {
            for (int i = 0; i < 150; i++) {
                String visitor = UUID.randomUUID().toString();
                pageview(meridian, site, visitor, "s" + UUID.randomUUID(), i % 2 == 0 ? "1.1.1.1" : "2.2.2.2");
                if (i % 10 == 0) {
                    store.visitors().update(site.id(), visitor, s -> s.withCustomer(new CustomerInfo(true, "Buyer", "b@x.com",
                            new BigDecimal("100"))));
                }
            }
        }
        clock.advance(Duration.ofDays(1));
        pageview(meridian, standard, UUID.randomUUID().toString(), "s" + UUID.randomUUID(), "1.1.1.1");
        pageview(meridian, tuned[0], UUID.randomUUID().toString(), "s" + UUID.randomUUID(), "1.1.1.1");

        RealtimeMap standardMap = meridian.realtimeMap().forWebsite(standard.id());
        RealtimeMap tunedMap = meridian.realtimeMap().forWebsite(tuned[0].id());

        assertThat(standardMap.hasConversionPredictions()).isTrue();
        assertThat(tunedMap.hasConversionPredictions()).as("fewer visitors than its minimum").isFalse();
    }

    private static Website website(Meridian meridian) {
        return meridian.websites().create(new NewWebsite("example.com", null, null, null));
    }

    private static void pageview(Meridian meridian, Website site, String visitor, String session, String ip) {
        meridian.trackEvent().track(new TrackCommand(site.trackingId(), site.domain(), "https://" + site.domain() + "/",
                null, visitor, session, "pageview", Map.of(), false, ip, "desktop"));
    }
}
