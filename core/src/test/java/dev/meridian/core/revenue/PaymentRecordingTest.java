package dev.meridian.core.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.AtOnce;
import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.PaymentReceipt;
import dev.meridian.ports.in.PaymentReceipt.Outcome;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.RecentPayment;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class PaymentRecordingTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> missingRates = new ArrayList<>();
    private final Meridian meridian = Meridian.builder().storage(store).clock(clock)
            .currencyRates(CurrencyRates.parse("USD", "EUR=1.08").onMissingRate(missingRates::add))
            .build();
    private final Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));

    private PaymentCommand command(String transactionId, String amount, String visitorId, String email) {
        return new PaymentCommand(site.id(), amount, "USD", transactionId, visitorId, email, null, null, false, false, null);
    }

    private PaymentReceipt pay(PaymentCommand command) {
        return meridian.recordPayment().record(command);
    }

    private PaymentCommand refund(String transactionId) {
        return new PaymentCommand(site.id(), "49", "USD", transactionId, null, null, null, null, false, true, null);
    }

    private String visitor() {
        String visitorId = UUID.randomUUID().toString();
        meridian.trackEvent().track(new TrackCommand(site.trackingId(), "example.com", "https://example.com/", null,
                visitorId, "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", "ua"));
        return visitorId;
    }

    private void identify(String visitorId, String email) {
        meridian.identify().identify(new IdentifyCommand(site.id(), visitorId,
                Map.of("user_id", "u-" + visitorId, "email", email)));
    }

    private CustomerInfo customer(String visitorId) {
        return store.visitors().find(site.id(), visitorId).orElseThrow().customer();
    }

    private Payment stored(String transactionId) {
        return store.payments().byTransactionId(site.id(), transactionId).orElseThrow();
    }

    private static String fieldOf(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("no InvalidInputException");
    }

    // ---------------------------------------------------------------- field rules

    @Test
    void everyInvalidFieldIsRejectedByNameAndNothingIsStored() {
        PaymentCommand ok = command("tx-1", "49.90", null, null);
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), null, "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "forty", "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "-1", "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "Infinity", "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "NaN", "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1e13", "USD", "tx", null, null, null, null, false, false, null)))).isEqualTo("amount");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", null, "tx", null, null, null, null, false, false, null)))).isEqualTo("currency");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "DOLLARS", "tx", null, null, null, null, false, false, null)))).isEqualTo("currency");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "XYZ", "tx", null, null, null, null, false, false, null)))).isEqualTo("currency");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", " ", null, null, null, null, false, false, null)))).isEqualTo("transaction_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "t".repeat(256), null, null, null, null, false, false, null)))).isEqualTo("transaction_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, "e".repeat(256), null, null, false, false, null)))).isEqualTo("email");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, "n".repeat(256), null, false, false, null)))).isEqualTo("name");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, null, "c".repeat(256), false, false, null)))).isEqualTo("customer_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, null, null, false, false, "yesterday")))).isEqualTo("timestamp");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, null, null, false, false, "2026-02-06T05:27:20")))).as("no offset").isEqualTo("timestamp");

        assertThat(store.payments().recentPayments(site.id(), Instant.EPOCH, 10)).isEmpty();
        assertThat(pay(ok).outcome()).isEqualTo(Outcome.RECORDED);
    }

    @Test
    void aTimestampUpTo1DayAheadAndFrom2000IsAcceptedButNotOutside() {
        Instant now = clock.now();
        pay(new PaymentCommand(site.id(), "1", "USD", "tx-ok", null, null, null, null, false, false,
                now.plus(Duration.ofDays(1)).toString()));
        pay(new PaymentCommand(site.id(), "1", "USD", "tx-2000", null, null, null, null, false, false,
                "2000-01-01T00:00:00Z"));

        assertThat(stored("tx-ok").timestamp()).isEqualTo(now.plus(Duration.ofDays(1)));
        assertThat(stored("tx-2000").timestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThatThrownBy(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx-late", null, null, null, null, false,
                false, now.plus(Duration.ofDays(1)).plusSeconds(1).toString())))
                .isInstanceOf(InvalidInputException.class).hasMessage("timestamp lies more than 1 day in the future");
        assertThatThrownBy(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx-1900", null, null, null, null, false,
                false, "1999-12-31T23:59:59.999Z")))
                .isInstanceOf(InvalidInputException.class).hasMessage("timestamp lies before 2000-01-01");
        assertThat(store.payments().byTransactionId(site.id(), "tx-late")).isEmpty();
        assertThat(store.payments().byTransactionId(site.id(), "tx-1900")).isEmpty();
    }

    @Test
    void aTimestampWithAnOffsetIsStoredAsItsInstantAndWithoutOneItIsNow() {
        pay(new PaymentCommand(site.id(), "1", "usd", "tx-1", null, null, null, null, false, false,
                "2026-02-06T06:00:00.250+01:00"));
        pay(command("tx-2", "1", null, null));

        assertThat(stored("tx-1").timestamp()).isEqualTo(Instant.parse("2026-02-06T05:00:00.250Z"));
        assertThat(stored("tx-1").currency()).isEqualTo("USD");
        assertThat(stored("tx-2").timestamp()).isEqualTo(clock.now());
    }

    @Test
    void amountsAreStoredAsTheExactDecimalsSent() {
        pay(command("tx-1", "49.90", null, null));
        pay(command("tx-2", "0.12345678", null, null));
        pay(command("tx-3", "999999999999.99999999", null, null));

        assertThat(stored("tx-1").amount()).isEqualTo(new BigDecimal("49.90"));
        assertThat(stored("tx-2").amount()).isEqualTo(new BigDecimal("0.12345678"));
        assertThat(stored("tx-3").amount()).isEqualTo(new BigDecimal("999999999999.99999999"));
    }

    @Test
    void amountsWithAnExponentOrMoreThan8FractionDigitsAreRefusedAndNothingIsStored() {
        for (String amount : List.of("0.30000000000000004", "1E+2", "1e2", "1E-500000000", "1000000000000", "+5",
                ".5", "5.", "0x10", "1_000")) {
            assertThatThrownBy(() -> pay(command("tx-" + amount, amount, null, null))).as(amount)
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("amount must be a decimal number");
        }
        assertThat(store.payments().recentPayments(site.id(), Instant.EPOCH, 100)).isEmpty();
    }

    @Test
    void aBlankEmailIsAbsentAndEmailsAndNamesAreTrimmed() {
        pay(new PaymentCommand(site.id(), "5", "USD", "tx-1", null, "   ", " Ada ", null, false, false, null));
        pay(new PaymentCommand(site.id(), "5", "USD", "tx-2", null, " ada@example.com ", "", null, false, false, null));

        assertThat(stored("tx-1").email()).isNull();
        assertThat(stored("tx-1").name()).isEqualTo("Ada");
        assertThat(stored("tx-2").email()).isEqualTo("ada@example.com");
        assertThat(stored("tx-2").name()).isNull();
    }

    @Test
    void controlCharactersInAnyTextFieldAndAMalformedVisitorIdAreRefusedByName() {
        String nul = "a\u0000b";
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", nul, null, null, null, null, false, false, null)))).isEqualTo("transaction_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, nul, null, null, false, false, null)))).isEqualTo("email");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, "Ada\nLovelace", null, false, false, null)))).isEqualTo("name");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", null, null, null, nul, false, false, null)))).isEqualTo("customer_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "USD", "tx", "not-a-uuid", null, null, null, false, false, null)))).isEqualTo("datafast_visitor_id");
        assertThat(fieldOf(() -> pay(new PaymentCommand(site.id(), "1", "ABC", "tx", null, null, null, null, false, false, null)))).isEqualTo("currency");
        assertThat(store.payments().recentPayments(site.id(), Instant.EPOCH, 10)).isEmpty();
        pay(new PaymentCommand(site.id(), "1", "USD", "tx-tab", null, null, "Ada\tLovelace", null, false, false, null));
        assertThat(stored("tx-tab").name()).as("a tab is allowed in free text").isEqualTo("Ada\tLovelace");
    }

    @Test
    void anUnknownWebsiteIsNotFound() {
        assertThatThrownBy(() -> pay(new PaymentCommand("ffffffffffffffffffffffff", "1", "USD", "tx", null, null, null,
                null, false, false, null))).isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void theSameTransactionIdAgainRecordsNothingAndSaysSo() {
        PaymentReceipt first = pay(command("tx-1", "49", null, "ada@example.com"));
        PaymentReceipt again = pay(command("tx-1", "99", null, "other@example.com"));

        assertThat(first.outcome()).isEqualTo(Outcome.RECORDED);
        assertThat(again).isEqualTo(new PaymentReceipt("tx-1", Outcome.ALREADY_RECORDED, null));
        assertThat(store.payments().recentPayments(site.id(), Instant.EPOCH, 10)).singleElement()
                .satisfies(p -> assertThat(p.amount()).isEqualByComparingTo("49"));
    }

    @Test
    void manyConcurrentRequestsWithOneTransactionIdStoreExactlyOnePaymentAndAllAreAnswered() throws Exception {
        String visitor = visitor();
        List<PaymentReceipt> receipts = concurrently(40, () -> pay(command("tx-race", "25", visitor, null)));

        assertThat(receipts).hasSize(40).allSatisfy(r -> assertThat(r.transactionId()).isEqualTo("tx-race"));
        assertThat(receipts).filteredOn(r -> r.outcome() == Outcome.RECORDED).hasSize(1);
        assertThat(receipts).filteredOn(r -> r.outcome() == Outcome.ALREADY_RECORDED).hasSize(39);
        assertThat(store.payments().ofVisitor(site.id(), visitor)).hasSize(1);
        assertThat(customer(visitor).revenue()).isEqualByComparingTo("25");
    }

    @Test
    void concurrentPaymentsOfOneVisitorAllCountInItsRevenue() throws Exception {
        String visitor = visitor();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        concurrently(50, () -> pay(command("tx-" + n.incrementAndGet(), "2", visitor, null)));

        assertThat(customer(visitor).revenue()).isEqualByComparingTo("100");
    }

    // ---------------------------------------------------------------- attribution

    @Test
    void aPaymentIsAttributedToTheGivenVisitorWhenItIsKnownOnTheWebsite() {
        String visitor = visitor();

        PaymentReceipt receipt = pay(new PaymentCommand(site.id(), "49", "USD", "tx-1", visitor.toUpperCase(),
                "ada@example.com", "Ada Lovelace", "cus_1", false, false, null));

        assertThat(receipt.visitorId()).isEqualTo(visitor);
        assertThat(stored("tx-1").visitorId()).isEqualTo(visitor);
        assertThat(customer(visitor)).isEqualTo(new CustomerInfo(true, "Ada Lovelace", "ada@example.com",
                new BigDecimal("49")));
    }

    @Test
    void withAnUnknownVisitorThePaymentGoesToTheVisitorLastIdentifiedWithItsEmailIgnoringCase() {
        String earlier = visitor();
        identify(earlier, "ada@example.com");
        clock.advance(Duration.ofMinutes(1));
        String latest = visitor();
        identify(latest, "Ada@Example.COM");
        String unrelated = visitor();
        identify(unrelated, "grace@example.com");

        PaymentReceipt receipt = pay(command("tx-1", "49", UUID.randomUUID().toString(), "ADA@example.com"));

        assertThat(receipt.visitorId()).isEqualTo(latest);
        assertThat(customer(latest).customer()).isTrue();
        assertThat(customer(earlier).customer()).isFalse();
    }

    @Test
    void aPaymentWithNeitherAKnownVisitorNorAnIdentifiedEmailIsUnattributed() {
        String visitor = visitor();

        PaymentReceipt receipt = pay(command("tx-1", "49", UUID.randomUUID().toString(), "nobody@example.com"));

        assertThat(receipt.visitorId()).isNull();
        assertThat(stored("tx-1").visitorId()).isNull();
        assertThat(customer(visitor)).isEqualTo(CustomerInfo.NONE);
    }

    @Test
    void aVisitorOfAnotherWebsiteIsNeverAttributed() {
        String visitor = visitor();
        identify(visitor, "ada@example.com");
        Website other = meridian.websites().create(new NewWebsite("other.org", null, null, null));

        PaymentReceipt receipt = meridian.recordPayment().record(new PaymentCommand(other.id(), "5", "USD", "tx-1",
                visitor, "ada@example.com", null, null, false, false, null));

        assertThat(receipt.visitorId()).isNull();
        assertThat(customer(visitor).customer()).isFalse();
    }

    // ---------------------------------------------------------------- customer information

    @Test
    void aFreeTrialIsStoredAsSuchButDoesNotMakeACustomer() {
        String visitor = visitor();

        pay(new PaymentCommand(site.id(), "0", "USD", "trial-1", visitor, null, "Trial User", null, false, false, null));

        assertThat(stored("trial-1").type()).isEqualTo(PaymentType.FREE_TRIAL);
        assertThat(customer(visitor)).isEqualTo(new CustomerInfo(false, "Trial User", null, BigDecimal.ZERO));
        assertThat(meridian.realtimeMap().forWebsite(site.id()).recentPayments()).singleElement()
                .extracting(RecentPayment::type).isEqualTo(PaymentType.FREE_TRIAL);
    }

    @Test
    void outOfOrderPaymentsKeepTheNameAndEmailOfTheLatestByTimestamp() {
        String visitor = visitor();
        Instant now = clock.now();
        pay(new PaymentCommand(site.id(), "10", "USD", "tx-new", visitor, "new@example.com", "New Name", null, false,
                false, now.toString()));
        pay(new PaymentCommand(site.id(), "10", "USD", "tx-old", visitor, "old@example.com", "Old Name", null, false,
                false, now.minus(Duration.ofDays(30)).toString()));

        assertThat(customer(visitor)).isEqualTo(new CustomerInfo(true, "New Name", "new@example.com",
                new BigDecimal("20")));
    }

    @Test
    void revenueIsConvertedToTheWebsitesCurrencyAndACurrencyWithoutARateAddsNothingButIsLoggedOnce() {
        Website euroSite = meridian.websites().create(new NewWebsite("shop.eu", null, "EUR", null));
        String visitor = UUID.randomUUID().toString();
        meridian.trackEvent().track(new TrackCommand(euroSite.trackingId(), "shop.eu", "https://shop.eu/", null,
                visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", "ua"));

        for (String[] p : List.of(new String[] {"a", "108", "USD"}, new String[] {"b", "50", "EUR"},
                new String[] {"c", "70", "CHF"}, new String[] {"d", "80", "CHF"})) {
            meridian.recordPayment().record(new PaymentCommand(euroSite.id(), p[1], p[2], p[0], visitor, null, null,
                    null, false, false, null));
        }

        CustomerInfo info = store.visitors().find(euroSite.id(), visitor).orElseThrow().customer();
        assertThat(info.customer()).isTrue();
        assertThat(info.revenue()).isEqualByComparingTo("150");
        assertThat(missingRates).containsExactly("CHF");
    }

    // ---------------------------------------------------------------- refunds

    @Test
    void aRefundMarksThePaymentRefundedAndTheVisitorIsNoLongerACustomer() {
        String visitor = visitor();
        pay(new PaymentCommand(site.id(), "49", "USD", "tx-1", visitor, "ada@example.com", "Ada", null, false, false, null));

        PaymentReceipt receipt = pay(refund("tx-1"));

        assertThat(receipt).isEqualTo(new PaymentReceipt("tx-1", Outcome.REFUNDED, visitor));
        assertThat(stored("tx-1").refunded()).isTrue();
        assertThat(customer(visitor)).isEqualTo(new CustomerInfo(false, "Ada", "ada@example.com", BigDecimal.ZERO));
        assertThat(meridian.realtimeMap().forWebsite(site.id()).recentPayments()).isEmpty();
    }

    @Test
    void aRefundOfOneOfTwoPaymentsLeavesTheOtherInTheRevenue() {
        String visitor = visitor();
        pay(command("tx-1", "49", visitor, null));
        pay(command("tx-2", "20", visitor, null));

        pay(refund("tx-1"));

        assertThat(customer(visitor).customer()).isTrue();
        assertThat(customer(visitor).revenue()).isEqualByComparingTo("20");
    }

    @Test
    void aRefundAgainChangesNothingAndSaysSo() {
        pay(command("tx-1", "49", null, null));
        pay(refund("tx-1"));

        assertThat(pay(refund("tx-1")).outcome()).isEqualTo(Outcome.ALREADY_REFUNDED);
    }

    @Test
    void aRefundOfAnUnknownTransactionIsStoredAsARefundAndTheLatePaymentRecordsNothing() {
        PaymentReceipt receipt = pay(refund("tx-unknown"));
        PaymentReceipt lateOriginal = pay(command("tx-unknown", "49", null, null));

        assertThat(receipt.outcome()).isEqualTo(Outcome.REFUND_RECORDED);
        assertThat(lateOriginal.outcome()).isEqualTo(Outcome.ALREADY_RECORDED);
        assertThat(stored("tx-unknown").refunded()).isTrue();
        assertThat(stored("tx-unknown").amount()).isEqualByComparingTo("49");
    }

    @Test
    void concurrentRefundsAndPaymentOfOneTransactionEndRefunded() throws Exception {
        String visitor = visitor();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        List<PaymentReceipt> receipts = concurrently(30, () -> n.incrementAndGet() % 3 == 0
                ? pay(command("tx-1", "49", visitor, null))
                : pay(new PaymentCommand(site.id(), "49", "USD", "tx-1", visitor, null, null, null, false, true, null)));

        assertThat(stored("tx-1").refunded()).isTrue();
        assertThat(receipts).filteredOn(r -> r.outcome() == Outcome.REFUNDED || r.outcome() == Outcome.REFUND_RECORDED)
                .hasSize(1);
        assertThat(customer(visitor).customer()).isFalse();
    }

    private static <T> List<T> concurrently(int times, Callable<T> task) throws Exception {
        return AtOnce.run(times, task);
    }

    @Test
    void anImportedBatchStoresAndMarksCustomersExactlyAsRecordingItsPaymentsOneByOne() {
        Website other = meridian.websites().create(new NewWebsite("example.org", null, null, null));
        List<String> visitors = List.of(visitor(), visitor(), visitor());
        for (String v : visitors) {
            meridian.trackEvent().track(new TrackCommand(other.trackingId(), "example.org", "https://example.org/",
                    null, v, "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", "ua"));
        }
        ImportedPayments imported = (ImportedPayments) meridian.recordPayment();
        for (Website w : List.of(site, other)) {
            imported.record(w, importedPayment(w, "tx-early", "10", visitors.get(2), false));
        }
        List<Payment> batchOfSite = new ArrayList<>();
        List<Payment> batchOfOther = new ArrayList<>();
        for (Website w : List.of(site, other)) {
            List<Payment> batch = w == site ? batchOfSite : batchOfOther;
            batch.add(importedPayment(w, "tx-1", "49.90", visitors.get(0), false));
            batch.add(importedPayment(w, "tx-1", "99.00", visitors.get(0), false)); // repeated: nothing
            batch.add(importedPayment(w, "tx-2", "20", visitors.get(1), false));
            batch.add(importedPayment(w, "tx-2", "20", visitors.get(1), true)); // refund line of tx-2
            batch.add(importedPayment(w, "tx-early", "10", visitors.get(2), true)); // refund of an earlier batch's
            batch.add(importedPayment(w, "tx-3", "5", "not-a-stored-visitor", false));
            batch.add(importedPayment(w, "tx-4", "7.5", visitors.get(2), false));
        }

        long oneByOne = 0;
        for (Payment p : batchOfSite) {
            oneByOne += imported.record(site, p) ? 1 : 0;
        }
        long batched = imported.recordAll(other, batchOfOther);

        assertThat(batched).isEqualTo(oneByOne).isEqualTo(6);
        for (String v : visitors) {
            assertThat(store.visitors().find(other.id(), v).orElseThrow().customer()).as(v).isEqualTo(customer(v));
        }
        assertThat(customer(visitors.get(0)).revenue()).isEqualByComparingTo("49.90");
        assertThat(customer(visitors.get(1)).customer()).isFalse();
        assertThat(customer(visitors.get(2)).revenue()).isEqualByComparingTo("7.5");
        for (String tx : List.of("tx-early", "tx-1", "tx-2", "tx-3", "tx-4")) {
            Payment a = stored(tx);
            Payment b = store.payments().byTransactionId(other.id(), tx).orElseThrow();
            assertThat(List.of(b.amount(), b.refunded(), b.visitorId())).as(tx)
                    .isEqualTo(List.of(a.amount(), a.refunded(), a.visitorId()));
        }
    }

    private static Payment importedPayment(Website w, String transactionId, String amount, String visitorId,
            boolean refunded) {
        return new Payment(UUID.randomUUID().toString(), w.id(), transactionId, new BigDecimal(amount), "USD",
                Instant.parse("2026-01-02T03:04:05Z"), visitorId, null, null, null, false, refunded);
    }
}
