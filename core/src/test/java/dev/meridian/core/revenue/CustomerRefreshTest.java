package dev.meridian.core.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerRefreshTest {

    static final Instant T0 = Instant.parse("2026-02-06T05:27:20Z");
    static final Website SITE = new Website("000000000000000000000001", "dfid_1", "example.com", null, "EUR", "UTC",
            List.of(), T0);

    final InMemoryStore store = new InMemoryStore();
    final CustomerRefresh refresh = new CustomerRefresh(store.visitors(), store.payments(),
            CurrencyRates.parse("EUR", "USD=0.9"), null);

    static VisitorState visitor(String id) {
        return new VisitorState(SITE.id(), id, T0, T0, T0, "s", T0, 1, "/", null, TrackingParams.NONE,
                Location.UNKNOWN, SystemInfo.UNKNOWN, null, Profile.NONE, CustomerInfo.NONE);
    }

    static Payment paid(String tx, String visitor, String amount, String currency, Instant at, String name,
            boolean refunded) {
        return new Payment("id-" + tx, SITE.id(), tx, new BigDecimal(amount), currency, at, visitor, null, name, null,
                false, refunded);
    }

    void store(VisitorState state) {
        store.eventLog().append(new dev.meridian.ports.model.Event("e-" + state.visitorId(), SITE.id(),
                state.visitorId(), "s", dev.meridian.ports.model.EventType.PAGEVIEW, T0, "/", null, null,
                java.util.Map.of()),
                current -> state);
    }

    @Test
    void aVisitorsCustomerInfoIsRecomputedFromAllItsPaymentsInTheWebsitesCurrency() {
        store(visitor("v1"));
        store(visitor("v2"));
        store.payments().record(paid("a", "v1", "10", "EUR", T0, "Old", false));
        store.payments().record(paid("b", "v1", "100", "USD", T0.plusSeconds(5), "New", false));
        store.payments().record(paid("c", "v1", "7", "EUR", T0.plusSeconds(9), null, true));

        refresh.refresh(SITE, Set.of("v1", "v2"));

        CustomerInfo info = store.visitors().find(SITE.id(), "v1").orElseThrow().customer();
        assertThat(info.customer()).isTrue();
        assertThat(info.name()).isEqualTo("New");
        assertThat(info.revenue()).as("10 EUR + 100 USD at 0.9, the refund left out").isEqualByComparingTo("100");
        assertThat(store.visitors().find(SITE.id(), "v2").orElseThrow().customer()).isEqualTo(CustomerInfo.NONE);
    }

    @Test
    void anUnattributedPaymentRefreshesNobody() {
        store(visitor("v1"));
        store.payments().record(paid("a", "v1", "10", "EUR", T0, "Ada", false));

        refresh.refresh(SITE, (String) null);
        refresh.refresh(SITE, Set.of());

        assertThat(store.visitors().find(SITE.id(), "v1").orElseThrow().customer()).isEqualTo(CustomerInfo.NONE);
        refresh.refresh(SITE, "v1");
        assertThat(store.visitors().find(SITE.id(), "v1").orElseThrow().customer().customer()).isTrue();
    }
}
