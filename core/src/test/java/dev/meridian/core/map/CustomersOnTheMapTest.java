package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.ProfileData;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What payments and identify calls show on the realtime map (API.md §2), through the use cases. */
class CustomersOnTheMapTest {

    private static final ConversionModel MODEL = new ConversionModel() {
        @Override
        public ConversionMetrics metrics() {
            return new ConversionMetrics(0.0044, 243.63);
        }

        @Override
        public ConversionLikelihood likelihood(VisitorDimensions visitor) {
            return new ConversionLikelihood(65, 0.76, false, List.of("country"), 0.0056, 246.98, 1.37);
        }
    };

    private final MutableClock clock = new MutableClock();
    private final Meridian meridian = Meridian.builder().storage(new InMemoryStore()).clock(clock)
            .conversionModels(history -> websiteId -> Optional.of(MODEL)).build();
    private final Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));

    private String visitor() {
        String id = UUID.randomUUID().toString();
        meridian.trackEvent().track(new TrackCommand(site.trackingId(), "example.com", "https://example.com/", null, id,
                "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", "ua"));
        return id;
    }

    private void pay(String transactionId, String amount, String visitorId, String email, String name, boolean renewal) {
        meridian.recordPayment().record(new PaymentCommand(site.id(), amount, "USD", transactionId, visitorId, email,
                name, null, renewal, false, clock.now().toString()));
    }

    private Map<String, ActiveVisitor> visitorsById(RealtimeMap map) {
        Map<String, ActiveVisitor> byId = new HashMap<>();
        map.visitors().forEach(v -> byId.put(v.visitorId(), v));
        return byId;
    }

    private Map<String, RecentPayment> paymentsByName(RealtimeMap map) {
        Map<String, RecentPayment> byName = new HashMap<>();
        map.recentPayments().forEach(p -> byName.put(p.name(), p));
        return byName;
    }

    @Test
    void aPayingIdentifiedVisitorShowsEveryCustomerAndProfileFieldAndScores100() {
        String visitor = visitor();
        String prospect = visitor();
        meridian.identify().identify(new IdentifyCommand(site.id(), visitor,
                Map.of("user_id", "user-42", "name", "Ada L.", "email", "ada@example.com")));
        pay("tx-1", "49", null, "ADA@example.com", "Ada Lovelace", false);
        clock.advance(Duration.ofSeconds(1));
        pay("tx-2", "100.50", visitor, null, null, true);

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());

        ActiveVisitor shown = visitorsById(map).get(visitor);
        assertThat(shown.isCustomer()).isTrue();
        assertThat(shown.customerName()).isEqualTo("Ada Lovelace");
        assertThat(shown.customerEmail()).isEqualTo("ADA@example.com");
        assertThat(shown.profileData()).isEqualTo(new ProfileData("Ada L.", "user-42", true, false));
        assertThat(shown.conversionLikelihood()).isEqualTo(
                new ConversionLikelihood(100, 1.0, false, List.of(), 1.0, 149.5, 149.5));
        assertThat(visitorsById(map).get(prospect).conversionLikelihood().score()).isEqualTo(65);
        assertThat(visitorsById(map).get(prospect).isCustomer()).isFalse();

        assertThat(map.recentPayments()).hasSize(2);
        RecentPayment renewal = map.recentPayments().get(0);
        assertThat(renewal.amount()).isEqualByComparingTo("100.50");
        assertThat(renewal.renewal()).isTrue();
        assertThat(renewal.isNew()).isFalse();
        assertThat(renewal.visible()).isTrue();
        assertThat(renewal.displayName()).isEqualTo("Ada L.");
        RecentPayment first = map.recentPayments().get(1);
        assertThat(first.name()).isEqualTo("Ada Lovelace");
        assertThat(first.email()).isEqualTo("ADA@example.com");
        assertThat(first.type()).isEqualTo(PaymentType.PAYMENT_RECEIVED);
        assertThat(first.isNew()).isTrue();
        assertThat(first.visible()).isTrue();
    }

    @Test
    void withoutIdentifyTheDisplayNameIsTheCustomerName() {
        String visitor = visitor();
        pay("tx-1", "10", visitor, "jane@example.com", "Jane Doe", false);

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());

        assertThat(visitorsById(map).get(visitor).profileData()).isEqualTo(new ProfileData("Jane Doe", null, false, false));
        assertThat(map.recentPayments().get(0).displayName()).isEqualTo("Jane Doe");
    }

    @Test
    void aPaymentIsVisibleOnlyWhileItsVisitorIsActiveAndNewOnlyForItsCustomersFirstPayment() {
        String leaving = visitor();
        clock.advance(Duration.ofMinutes(6));
        String staying = visitor();
        pay("tx-a", "10", leaving, null, "Leaving", false);
        pay("tx-b", "10", staying, null, "Staying", false);
        pay("tx-c", "10", null, "bob@example.com", "Bob first", false);
        clock.advance(Duration.ofSeconds(1));
        pay("tx-d", "10", null, "BOB@example.com", "Bob again", false);
        pay("tx-e", "10", staying, null, "Staying again", false);
        clock.advance(Duration.ofMinutes(4).plusSeconds(30));

        Map<String, RecentPayment> shown = paymentsByName(meridian.realtimeMap().forWebsite(site.id()));

        assertThat(shown.get("Leaving").visible()).as("its visitor left the map").isFalse();
        assertThat(shown.get("Staying").visible()).isTrue();
        assertThat(shown.get("Bob first").visible()).as("unattributed").isFalse();
        assertThat(shown.get("Leaving").isNew()).isTrue();
        assertThat(shown.get("Staying").isNew()).isTrue();
        assertThat(shown.get("Staying again").isNew()).isFalse();
        assertThat(shown.get("Bob first").isNew()).isTrue();
        assertThat(shown.get("Bob again").isNew()).isFalse();
    }

    @Test
    void aRenewalIsNeverNewEvenAsTheFirstPaymentRecordedOfItsCustomer() {
        String visitor = visitor();
        pay("renewal", "10", visitor, null, "Renewing", true);
        pay("fresh", "10", null, "new@example.com", "Fresh", false);

        Map<String, RecentPayment> shown = paymentsByName(meridian.realtimeMap().forWebsite(site.id()));

        assertThat(shown.get("Renewing").renewal()).isTrue();
        assertThat(shown.get("Renewing").isNew()).isFalse();
        assertThat(shown.get("Fresh").renewal()).isFalse();
        assertThat(shown.get("Fresh").isNew()).isTrue();
    }

    @Test
    void aFreeTrialShowsAsSuchAndARefundedPaymentDisappears() {
        String visitor = visitor();
        pay("trial", "0", visitor, null, "Trial", false);
        pay("paid", "20", visitor, null, "Paid", false);
        meridian.recordPayment().record(new PaymentCommand(site.id(), "20", "USD", "paid", null, null, null, null,
                false, true, null));

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());

        assertThat(map.recentPayments()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(PaymentType.FREE_TRIAL);
            assertThat(p.amount()).isEqualByComparingTo(BigDecimal.ZERO);
        });
        assertThat(visitorsById(map).get(visitor).isCustomer()).isFalse();
        assertThat(visitorsById(map).get(visitor).conversionLikelihood().score()).isEqualTo(65);
    }
}
