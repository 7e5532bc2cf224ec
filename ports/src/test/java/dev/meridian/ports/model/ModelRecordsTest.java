package dev.meridian.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRecordsTest {

    private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");
    private static final String ID = "65f1c0ffee0000000000abcd";

    private static Event event(String id, String websiteId, String visitorId, EventType type, Instant timestamp,
            Map<String, String> extraData) {
        return new Event(id, websiteId, visitorId, "s1", type, timestamp, "/", null, null, extraData);
    }

    private static Payment payment(String amount, boolean refunded) {
        return new Payment(ID, "site", "tx-1", new BigDecimal(amount), "USD", AT, null, null, null, null, false,
                refunded);
    }

    private static VisitorState visitor(Location location, SystemInfo system, TrackingParams params, Profile profile,
            CustomerInfo customer) {
        return new VisitorState("site", "v1", AT, AT, AT, "s1", AT, 1, "/", null, params, location, system, null,
                profile, customer);
    }

    @Test
    void anEventNeedsItsIdWebsiteVisitorTypeAndTime() {
        assertThatThrownBy(() -> event(null, "site", "v1", EventType.PAGEVIEW, AT, null)).hasMessage("id");
        assertThatThrownBy(() -> event(ID, null, "v1", EventType.PAGEVIEW, AT, null)).hasMessage("websiteId");
        assertThatThrownBy(() -> event(ID, "site", null, EventType.PAGEVIEW, AT, null)).hasMessage("visitorId");
        assertThatThrownBy(() -> event(ID, "site", "v1", null, AT, null)).hasMessage("type");
        assertThatThrownBy(() -> event(ID, "site", "v1", EventType.PAGEVIEW, null, null)).hasMessage("timestamp");
    }

    @Test
    void anEventsExtraDataIsAnOrderedCopyTheCallerCannotChange() {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("eventName", "signup");
        sent.put("plan", "pro");
        sent.put("annual", "true");
        Event event = event(ID, "site", "v1", EventType.CUSTOM, AT, sent);

        sent.put("injected", "later");

        assertThat(event.extraData()).containsExactly(Map.entry("eventName", "signup"), Map.entry("plan", "pro"),
                Map.entry("annual", "true"));
        assertThatThrownBy(() -> event.extraData().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(event(ID, "site", "v1", EventType.PAGEVIEW, AT, null).extraData()).isEmpty();
    }

    @Test
    void aPaymentNeedsItsIdsAmountCurrencyAndTime() {
        BigDecimal ten = BigDecimal.TEN;
        assertThatThrownBy(() -> new Payment(null, "site", "tx", ten, "USD", AT, null, null, null, null, false,
                false)).hasMessage("id");
        assertThatThrownBy(() -> new Payment(ID, null, "tx", ten, "USD", AT, null, null, null, null, false,
                false)).hasMessage("websiteId");
        assertThatThrownBy(() -> new Payment(ID, "site", null, ten, "USD", AT, null, null, null, null, false,
                false)).hasMessage("transactionId");
        assertThatThrownBy(() -> new Payment(ID, "site", "tx", null, "USD", AT, null, null, null, null, false,
                false)).hasMessage("amount");
        assertThatThrownBy(() -> new Payment(ID, "site", "tx", ten, null, AT, null, null, null, null, false,
                false)).hasMessage("currency");
        assertThatThrownBy(() -> new Payment(ID, "site", "tx", ten, "USD", null, null, null, null, null, false,
                false)).hasMessage("timestamp");
    }

    @Test
    void aPaymentOfZeroIsAFreeTrialThatDoesNotConvert() {
        assertThat(payment("0", false).type()).isEqualTo(PaymentType.FREE_TRIAL);
        assertThat(payment("0.00", false).type()).isEqualTo(PaymentType.FREE_TRIAL);
        assertThat(payment("0", false).converts()).isFalse();
    }

    @Test
    void aPaymentConvertsWhenMoneyWasReceivedAndNotRefunded() {
        assertThat(payment("29.99", false).type()).isEqualTo(PaymentType.PAYMENT_RECEIVED);
        assertThat(payment("29.99", false).converts()).isTrue();
        assertThat(payment("29.99", true).type()).isEqualTo(PaymentType.PAYMENT_RECEIVED);
        assertThat(payment("29.99", true).converts()).isFalse();
    }

    @Test
    void aWebsiteNeedsItsIdsDomainCurrencyTimezoneAndCreationTime() {
        assertThatThrownBy(() -> new Website(null, "t", "example.com", "E", "USD", "UTC", null, AT)).hasMessage("id");
        assertThatThrownBy(() -> new Website(ID, null, "example.com", "E", "USD", "UTC", null, AT))
                .hasMessage("trackingId");
        assertThatThrownBy(() -> new Website(ID, "t", null, "E", "USD", "UTC", null, AT)).hasMessage("domain");
        assertThatThrownBy(() -> new Website(ID, "t", "example.com", "E", null, "UTC", null, AT))
                .hasMessage("currency");
        assertThatThrownBy(() -> new Website(ID, "t", "example.com", "E", "USD", null, null, AT))
                .hasMessage("timezone");
        assertThatThrownBy(() -> new Website(ID, "t", "example.com", "E", "USD", "UTC", null, null))
                .hasMessage("createdAt");
    }

    @Test
    void aWebsitesAllowedHostnamesAreACopyAndNoneWhenNull() {
        List<String> hosts = new ArrayList<>(List.of("shop.example.org"));
        Website website = new Website(ID, "t", "example.com", null, "USD", "UTC", hosts, AT);
        hosts.add("evil.example.net");

        assertThat(website.allowedHostnames()).containsExactly("shop.example.org");
        assertThat(new Website(ID, "t", "example.com", null, "USD", "UTC", null, AT).allowedHostnames()).isEmpty();
    }

    @Test
    void aVisitorNeedsItsWebsiteIdAndTimes() {
        assertThatThrownBy(() -> new VisitorState(null, "v1", AT, AT, null, "s1", AT, 1, null, null, null, null,
                null, null, null, null)).hasMessage("websiteId");
        assertThatThrownBy(() -> new VisitorState("site", null, AT, AT, null, "s1", AT, 1, null, null, null, null,
                null, null, null, null)).hasMessage("visitorId");
        assertThatThrownBy(() -> new VisitorState("site", "v1", null, AT, null, "s1", AT, 1, null, null, null, null,
                null, null, null, null)).hasMessage("firstSeenAt");
        assertThatThrownBy(() -> new VisitorState("site", "v1", AT, null, null, "s1", AT, 1, null, null, null, null,
                null, null, null, null)).hasMessage("lastSeenAt");
        assertThatThrownBy(() -> new VisitorState("site", "v1", AT, AT, null, "s1", null, 1, null, null, null, null,
                null, null, null, null)).hasMessage("sessionStartedAt");
    }

    @Test
    void whatIsNotKnownOfAVisitorIsTheUnknownValueNotNull() {
        VisitorState state = visitor(null, null, null, null, null);

        assertThat(state.location()).isSameAs(Location.UNKNOWN);
        assertThat(state.system()).isSameAs(SystemInfo.UNKNOWN);
        assertThat(state.sessionParams()).isSameAs(TrackingParams.NONE);
        assertThat(state.profile()).isSameAs(Profile.NONE);
        assertThat(state.customer()).isSameAs(CustomerInfo.NONE);
    }

    @Test
    void aVisitorWithANewProfileOrCustomerKeepsEverythingElse() {
        Location paris = new Location("Paris", "FR-IDF", "FR", 48.85, 2.35);
        VisitorState state = visitor(paris, new SystemInfo("Chrome", "Mac OS", "desktop"), null, null, null);
        Profile profile = new Profile(true, "u-1", "Ada", null, Map.of("plan", "pro"));
        CustomerInfo customer = new CustomerInfo(true, "Ada", "ada@example.com", new BigDecimal("29.99"));

        VisitorState identified = state.withProfile(profile);
        VisitorState paid = identified.withCustomer(customer);

        assertThat(identified).usingRecursiveComparison().ignoringFields("profile").isEqualTo(state);
        assertThat(identified.profile()).isEqualTo(profile);
        assertThat(paid).usingRecursiveComparison().ignoringFields("customer").isEqualTo(identified);
        assertThat(paid.customer()).isEqualTo(customer);
    }

    @Test
    void aVisitorHasAPageviewOnceOneWasSeen() {
        assertThat(visitor(null, null, null, null, null).hasPageview()).isTrue();
        assertThat(new VisitorState("site", "v1", AT, AT, null, "s1", AT, 1, null, null, null, null, null, null,
                null, null).hasPageview()).isFalse();
    }

    @Test
    void aProfilesFieldsAreAnOrderedCopyAndNoneWhenNull() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plan", "pro");
        fields.put("company", "Acme");
        Profile profile = new Profile(true, "u-1", null, null, fields);
        fields.clear();

        assertThat(profile.fields()).containsExactly(Map.entry("plan", "pro"), Map.entry("company", "Acme"));
        assertThat(new Profile(true, "u-1", null, null, null).fields()).isEmpty();
    }

    @Test
    void requiredPartsOfCustomersDevicesAndMapEntriesAreChecked() {
        assertThatThrownBy(() -> new CustomerInfo(true, null, null, null)).hasMessage("revenue");
        assertThatThrownBy(() -> new ClientDevice(null, false)).hasMessage("system");
        assertThatThrownBy(() -> new RecentEvent(null, EventType.PAGEVIEW, "v1", AT, "/", null, null, null, null,
                null)).hasMessage("id");
        assertThatThrownBy(() -> new RecentEvent(ID, null, "v1", AT, "/", null, null, null, null, null))
                .hasMessage("type");
        assertThatThrownBy(() -> new RecentPayment(null, PaymentType.FREE_TRIAL, AT, null, null, BigDecimal.ZERO,
                "USD", false, null, true, false)).hasMessage("id");
        assertThatThrownBy(() -> new RecentPayment(ID, null, AT, null, null, BigDecimal.ZERO, "USD", false, null,
                true, false)).hasMessage("type");
        assertThatThrownBy(() -> new RecentPayment(ID, PaymentType.FREE_TRIAL, AT, null, null, null, "USD", false,
                null, true, false)).hasMessage("amount");
    }

    @Test
    void anActiveVisitorNeedsItsIdLocationSystemParamsAndProfileData() {
        ProfileData profileData = new ProfileData("Amber Otter", null, false, true);
        assertThatThrownBy(() -> new ActiveVisitor(null, Location.UNKNOWN, SystemInfo.UNKNOWN, "/", null, AT, 1,
                TrackingParams.NONE, false, null, null, profileData, null)).hasMessage("visitorId");
        assertThatThrownBy(() -> new ActiveVisitor("v1", null, SystemInfo.UNKNOWN, "/", null, AT, 1,
                TrackingParams.NONE, false, null, null, profileData, null)).hasMessage("location");
        assertThatThrownBy(() -> new ActiveVisitor("v1", Location.UNKNOWN, null, "/", null, AT, 1,
                TrackingParams.NONE, false, null, null, profileData, null)).hasMessage("system");
        assertThatThrownBy(() -> new ActiveVisitor("v1", Location.UNKNOWN, SystemInfo.UNKNOWN, "/", null, AT, 1,
                null, false, null, null, profileData, null)).hasMessage("params");
        assertThatThrownBy(() -> new ActiveVisitor("v1", Location.UNKNOWN, SystemInfo.UNKNOWN, "/", null, AT, 1,
                TrackingParams.NONE, false, null, null, null, null)).hasMessage("profileData");
    }

    @Test
    void aRealtimeMapCountsItsVisitorsAndHoldsCopiesOfItsLists() {
        ActiveVisitor visitor = new ActiveVisitor("v1", Location.UNKNOWN, SystemInfo.UNKNOWN, "/", null, AT, 1,
                TrackingParams.NONE, false, null, null, new ProfileData(null, null, false, true), null);
        List<ActiveVisitor> visitors = new ArrayList<>(List.of(visitor));
        RealtimeMap map = new RealtimeMap(visitors, null, List.of(), List.of());
        visitors.add(visitor);

        assertThat(map.count()).isEqualTo(1);
        assertThat(map.visitors()).hasSize(1);
        assertThat(map.hasConversionPredictions()).isFalse();
        assertThat(new RealtimeMap(List.of(), new ConversionMetrics(0.02, 49.0), List.of(), List.of())
                .hasConversionPredictions()).isTrue();
    }
}
