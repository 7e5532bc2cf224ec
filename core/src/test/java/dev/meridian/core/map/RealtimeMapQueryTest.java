package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.TrackingFixture;
import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RealtimeMapQueryTest {

    private final TrackingFixture f = new TrackingFixture();

    private String visit(String path) {
        String visitor = TrackingFixture.newVisitorId();
        f.pageview(visitor, TrackingFixture.newSessionId(), "https://example.com" + path);
        return visitor;
    }

    @Test
    void aPageview9Minutes59SecondsAgoIsActive() {
        String visitor = visit("/");
        f.clock.advance(Duration.ofMinutes(9).plusSeconds(59));

        assertThat(f.map().visitors()).extracting(ActiveVisitor::visitorId).containsExactly(visitor);
        assertThat(f.map().count()).isEqualTo(1);
    }

    @Test
    void aPageview10Minutes1SecondAgoIsNotActive() {
        visit("/");
        f.clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(f.map().visitors()).isEmpty();
        assertThat(f.map().count()).isZero();
    }

    @Test
    void aGoalWithoutARecentPageviewDoesNotMakeAVisitorActive() {
        String visitor = visit("/");
        f.clock.advance(Duration.ofMinutes(11));
        f.track(visitor, f.store.visitors().find(f.website.id(), visitor).orElseThrow().sessionId(), "custom",
                "https://example.com/", null, Map.of("eventName", "late_goal"));

        assertThat(f.map().visitors()).isEmpty();
        assertThat(f.map().recentEvents()).extracting(e -> e.extraData().get("eventName")).containsExactly("late_goal");
    }

    @Test
    void visitorsAreOrderedByLatestPageviewNewestFirstAndAGoalDoesNotMoveThem() {
        String first = visit("/a");
        f.clock.advance(Duration.ofSeconds(10));
        String second = visit("/b");
        f.clock.advance(Duration.ofSeconds(10));
        String third = visit("/c");
        f.clock.advance(Duration.ofSeconds(10));
        f.track(first, f.store.visitors().find(f.website.id(), first).orElseThrow().sessionId(), "custom",
                "https://example.com/a", null, Map.of("eventName", "clicked"));

        assertThat(f.map().visitors()).extracting(ActiveVisitor::visitorId).containsExactly(third, second, first);
        f.clock.advance(Duration.ofSeconds(10));
        f.pageview(first, f.store.visitors().find(f.website.id(), first).orElseThrow().sessionId(),
                "https://example.com/a2");
        assertThat(f.map().visitors()).extracting(ActiveVisitor::visitorId).containsExactly(first, third, second);
    }

    @Test
    void theMapListsAtMostTheLimitNewestFirstAndCountsEveryActiveVisitor() {
        List<String> visitors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            visitors.add(visit("/" + i));
            f.clock.advance(Duration.ofSeconds(1));
        }

        RealtimeMap five = f.meridian.realtimeMap().forWebsite(f.website.id(), 5);
        RealtimeMap byDefault = f.map();

        assertThat(five.count()).isEqualTo(12);
        assertThat(five.visitors()).extracting(ActiveVisitor::visitorId)
                .containsExactly(visitors.get(11), visitors.get(10), visitors.get(9), visitors.get(8), visitors.get(7));
        assertThat(byDefault.count()).isEqualTo(12);
        assertThat(byDefault.visitors()).hasSize(12);
        assertThat(five.recentEvents()).as("events are not limited by the visitors listed").hasSize(12);
    }

    @Test
    void aLimitOutside1To10000IsRefusedNamingLimit() {
        for (int limit : new int[] {0, -1, 10_001, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> f.meridian.realtimeMap().forWebsite(f.website.id(), limit)).as("%d", limit)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("limit"));
        }
        assertThat(f.meridian.realtimeMap().forWebsite(f.website.id(), 10_000).visitors()).isEmpty();
        assertThat(f.meridian.realtimeMap().forWebsite(f.website.id(), 1).count()).isZero();
    }

    @Test
    void aPaymentOfAnActiveVisitorNotListedIsVisibleAndNamedAndEventsOfUnlistedVisitorsAreNamed() {
        String buyer = visit("/");
        f.meridian.identify().identify(new IdentifyCommand(f.website.id(), buyer, Map.of("user_id", "u1", "name", "Ada")));
        f.clock.advance(Duration.ofSeconds(1));
        String later = visit("/later");
        f.meridian.recordPayment().record(new PaymentCommand(f.website.id(), "10", "USD", "tx-1", buyer, null, null,
                null, false, false, null));

        RealtimeMap map = f.meridian.realtimeMap().forWebsite(f.website.id(), 1);

        assertThat(map.visitors()).extracting(ActiveVisitor::visitorId).containsExactly(later);
        assertThat(map.count()).isEqualTo(2);
        assertThat(map.recentPayments()).singleElement().satisfies(p -> {
            assertThat(p.visible()).isTrue();
            assertThat(p.displayName()).isEqualTo("Ada");
            assertThat(p.isNew()).isTrue();
        });
        assertThat(map.recentEvents()).filteredOn(e -> e.visitorId().equals(buyer))
                .allSatisfy(e -> assertThat(e.displayName()).isEqualTo("Ada"));
    }

    @Test
    void activeVisitorCarriesItsSessionAndSystem() {
        String visitor = TrackingFixture.newVisitorId();
        f.track(visitor, TrackingFixture.newSessionId(), "pageview", "https://example.com/?utm_source=x",
                "https://google.com/", Map.of());
        Instant start = f.clock.now();
        f.clock.advance(Duration.ofMinutes(1));
        f.track(visitor, f.store.visitors().find(f.website.id(), visitor).orElseThrow().sessionId(), "pageview",
                "https://example.com/pricing", null, Map.of());

        ActiveVisitor shown = f.map().visitors().get(0);
        assertThat(shown.currentUrl()).isEqualTo("/pricing");
        assertThat(shown.referrer()).isEqualTo("https://google.com/");
        assertThat(shown.sessionStartTime()).isEqualTo(start);
        assertThat(shown.visitCount()).isEqualTo(1);
        assertThat(shown.params().utmSource()).isEqualTo("x");
        assertThat(shown.location().region()).isEqualTo("US-CO");
        assertThat(shown.system().deviceType()).isEqualTo("desktop");
        assertThat(shown.isCustomer()).isFalse();
        assertThat(shown.conversionLikelihood()).as("no model").isNull();
    }

    @Test
    void recentEventsAreNewestFirstCappedAt100AndLeaveOutPayments() {
        String visitor = visit("/");
        String session = f.store.visitors().find(f.website.id(), visitor).orElseThrow().sessionId();
        for (int i = 0; i < 120; i++) {
            f.clock.advance(Duration.ofMillis(100));
            f.track(visitor, session, "custom", "https://example.com/", null, Map.of("eventName", "g" + i));
            f.clock.advance(Duration.ofMillis(100));
            f.track(visitor, session, "payment", "https://example.com/", null, Map.of("email", "a@b.c"));
        }

        RealtimeMap map = f.map();
        assertThat(map.recentEvents()).hasSize(100);
        assertThat(map.recentEvents()).noneMatch(e -> e.type() == EventType.PAYMENT);
        assertThat(map.recentEvents().get(0).extraData().get("eventName")).isEqualTo("g119");
        assertThat(map.recentEvents().get(99).extraData().get("eventName")).isEqualTo("g20");
    }

    @Test
    void eventsOlderThanTheWindowAreNotRecent() {
        visit("/old");
        f.clock.advance(Duration.ofMinutes(10).plusMillis(1));
        visit("/new");

        assertThat(f.map().recentEvents()).extracting(e -> e.path()).containsExactly("/new");
    }

    @Test
    void recentPaymentsAreNewestFirstCappedAt100WithoutRefunds() {
        Instant now = f.clock.now();
        for (int i = 0; i < 105; i++) {
            f.store.payments()
                    .record(payment("tx" + i, now.minusSeconds(200 - i), null, "c" + i + "@x.com", "49", false));
        }
        f.store.payments().record(payment("refunded", now.minusSeconds(1), null, "r@x.com", "10", true));
        f.store.payments().record(payment("too-old", now.minus(Duration.ofMinutes(11)), null, "o@x.com", "10", false));

        List<RecentPayment> shown = f.map().recentPayments();
        assertThat(shown).hasSize(100);
        assertThat(shown.get(0).id()).isEqualTo("id-tx104");
        assertThat(shown).noneMatch(p -> p.id().equals("id-refunded") || p.id().equals("id-too-old"));
    }

    @Test
    void aPaymentIsNewOnlyForTheFirstPaymentOfItsCustomerAndVisibleWhenItsVisitorIsActive() {
        String visitor = visit("/");
        Instant now = f.clock.now();
        f.store.payments().record(payment("first", now.minusSeconds(60), visitor, "jane@example.com", "49", false));
        f.store.payments().record(payment("second", now.minusSeconds(30), visitor, "jane@example.com", "49", false));
        f.store.payments().record(payment("by-email-1", now.minusSeconds(20), null, "bob@example.com", "0", false));
        f.store.payments().record(payment("by-email-2", now.minusSeconds(10), null, "BOB@example.com", "9", false));

        Map<String, RecentPayment> byId = new java.util.HashMap<>();
        f.map().recentPayments().forEach(p -> byId.put(p.id(), p));
        assertThat(byId.get("id-first").isNew()).isTrue();
        assertThat(byId.get("id-second").isNew()).isFalse();
        assertThat(byId.get("id-by-email-1").isNew()).isTrue();
        assertThat(byId.get("id-by-email-2").isNew()).isFalse();
        assertThat(byId.get("id-first").visible()).isTrue();
        assertThat(byId.get("id-by-email-1").visible()).isFalse();
        assertThat(byId.get("id-by-email-1").type()).isEqualTo(PaymentType.FREE_TRIAL);
        assertThat(byId.get("id-second").type()).isEqualTo(PaymentType.PAYMENT_RECEIVED);
    }

    @Test
    void displayNameIsIdentifysNameElseTheCustomerNameElseNull() {
        String anonymous = visit("/");
        String identified = visit("/");
        String paying = visit("/");
        String both = visit("/");
        identify(identified, "Ada");
        identify(both, "Grace");
        f.store.visitors().update(f.website.id(), paying, s -> s.withCustomer(customer("Jane Doe")));
        f.store.visitors().update(f.website.id(), both, s -> s.withCustomer(customer("Someone Else")));

        Map<String, ActiveVisitor> shown = new java.util.HashMap<>();
        f.map().visitors().forEach(v -> shown.put(v.visitorId(), v));
        assertThat(shown.get(anonymous).profileData()).isEqualTo(
                new dev.meridian.ports.model.ProfileData(null, null, false, true));
        assertThat(shown.get(identified).profileData()).isEqualTo(
                new dev.meridian.ports.model.ProfileData("Ada", "user-" + identified, true, false));
        assertThat(shown.get(paying).profileData()).isEqualTo(
                new dev.meridian.ports.model.ProfileData("Jane Doe", null, false, false));
        assertThat(shown.get(paying).isCustomer()).isTrue();
        assertThat(shown.get(paying).customerName()).isEqualTo("Jane Doe");
        assertThat(shown.get(paying).customerEmail()).isEqualTo("jane@example.com");
        assertThat(shown.get(both).profileData().displayName()).isEqualTo("Grace");
    }

    @Test
    void recentEventsShowTheVisitorsNamesAtReadTime() {
        String visitor = visit("/");
        identify(visitor, "Ada");

        assertThat(f.map().recentEvents()).allSatisfy(e -> assertThat(e.displayName()).isEqualTo("Ada"));
    }

    @Test
    void withAModelVisitorsAreScoredAndCustomersGet100() {
        ConversionModel model = new ConversionModel() {
            @Override
            public ConversionMetrics metrics() {
                return new ConversionMetrics(0.0046, 241.30);
            }

            @Override
            public ConversionLikelihood likelihood(VisitorDimensions visitor) {
                return new ConversionLikelihood(visitor.country().equals("US") ? 82 : 7, 0.5, false,
                        List.of("country"), 0.01, 240, 2.4);
            }
        };
        MutableClock clock = new MutableClock();
        InMemoryStore store = new InMemoryStore();
        Meridian meridian = Meridian.builder().storage(store).clock(clock)
                .geoLocator(ip -> new dev.meridian.ports.model.Location(null, null, "US", null, null))
                .conversionModels(history -> websiteId -> Optional.of(model)).build();
        Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));
        String visitor = TrackingFixture.newVisitorId();
        String customer = TrackingFixture.newVisitorId();
        for (String v : List.of(visitor, customer)) {
            meridian.trackEvent().track(new dev.meridian.ports.in.TrackCommand(site.trackingId(), "example.com",
                    "https://example.com/", null, v, TrackingFixture.newSessionId(), "pageview", Map.of(), false,
                    "1.2.3.4", "ua"));
        }
        store.visitors().update(site.id(), customer, s -> s.withCustomer(new CustomerInfo(true, null, null,
                new BigDecimal("149.50"))));

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());
        assertThat(map.hasConversionPredictions()).isTrue();
        assertThat(map.conversionMetrics().baselineConversionRate()).isEqualTo(0.0046);
        Map<String, ConversionLikelihood> scores = new java.util.HashMap<>();
        map.visitors().forEach(v -> scores.put(v.visitorId(), v.conversionLikelihood()));
        assertThat(scores.get(visitor).score()).isEqualTo(82);
        assertThat(scores.get(customer)).isEqualTo(
                new ConversionLikelihood(100, 1.0, false, List.of(), 1.0, 149.5, 149.5));
    }

    @Test
    void aWebsitesMapNeverShowsAnotherWebsitesVisitors() {
        Website other = f.meridian.websites().create(new NewWebsite("other.org", null, null, null));
        f.meridian.trackEvent().track(new dev.meridian.ports.in.TrackCommand(other.trackingId(), "other.org",
                "https://other.org/", null, TrackingFixture.newVisitorId(), TrackingFixture.newSessionId(),
                "pageview", Map.of(), false, "1.2.3.4", "ua"));
        String mine = visit("/");

        assertThat(f.map().visitors()).extracting(ActiveVisitor::visitorId).containsExactly(mine);
        assertThat(f.map().recentEvents()).allMatch(e -> e.visitorId().equals(mine));
        assertThat(f.meridian.realtimeMap().forWebsite(other.id()).visitors()).hasSize(1)
                .noneMatch(v -> v.visitorId().equals(mine));
    }

    @Test
    void anUnknownWebsiteIsNotFound() {
        assertThatThrownBy(() -> f.meridian.realtimeMap().forWebsite("ffffffffffffffffffffffff"))
                .isInstanceOf(NotFoundException.class);
    }

    private void identify(String visitor, String name) {
        f.track(visitor, f.store.visitors().find(f.website.id(), visitor).orElseThrow().sessionId(), "identify",
                "https://example.com/", null, Map.of("user_id", "user-" + visitor, "name", name));
    }

    private static CustomerInfo customer(String name) {
        return new CustomerInfo(true, name, "jane@example.com", new BigDecimal("49"));
    }

    private Payment payment(String tx, Instant at, String visitor, String email, String amount, boolean refunded) {
        return new Payment("id-" + tx, f.website.id(), tx, new BigDecimal(amount), "USD", at, visitor, email,
                null, null, false, refunded);
    }
}
