package dev.meridian.core.revenue;

import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.core.tracking.ImportedPayments;
import dev.meridian.core.tracking.EventRules;
import dev.meridian.core.tracking.IsoTimestamps;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.PaymentReceipt;
import dev.meridian.ports.in.PaymentReceipt.Outcome;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records payments, free trials and refunds (API.md §5.1): checks every field, stores a payment once per
 * transaction id, attributes it to a visitor (the {@code datafast_visitor_id} when that visitor is known on
 * the website, else the visitor seen last whose identify {@code email} is the payment's email), and
 * recomputes that visitor's customer information from all of its payments.
 *
 * <p>Customer information is recomputed under a per-visitor lock of this instance (so two payments of one
 * visitor never leave a stale sum) and applied with {@link Visitors#update}, which never loses a concurrent
 * tracking update. A request repeated with a recorded transaction id recomputes again, so a failure between
 * storing a payment and updating its visitor heals when the client retries.
 */
public final class PaymentRecording implements RecordPayment, ImportedPayments {

    private final MapChanges mapChanges;

    /** How far in the future a payment's timestamp may lie (clock skew between servers). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** Largest accepted amount, in major units. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** Fraction digits kept of an amount (more are rounded half-up: binary floats from JSON clients). */
    public static final int MAX_FRACTION_DIGITS = 8;
    public static final int MAX_TEXT_LENGTH = EventRules.MAX_VALUE_LENGTH;

    private static final int LOCK_STRIPES = 64;
    private static final int MAX_REFUND_ATTEMPTS = 5;

    private final Websites websites;
    private final Visitors visitors;
    private final Payments payments;
    private final CurrencyRates rates;
    private final Clock clock;
    private final ObjectIds ids;
    private final ReentrantLock[] visitorLocks = new ReentrantLock[LOCK_STRIPES];

    public PaymentRecording(Websites websites, Visitors visitors, Payments payments, CurrencyRates rates, Clock clock,
            ObjectIds ids, MapChanges mapChanges) {
        this.mapChanges = mapChanges;
        this.websites = websites;
        this.visitors = visitors;
        this.payments = payments;
        this.rates = rates;
        this.clock = clock;
        this.ids = ids;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            visitorLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public PaymentReceipt record(PaymentCommand command) {
        Instant now = clock.now();
        String transactionId = transactionId(command.transactionId());
        BigDecimal amount = amount(command.amount());
        String currency = currency(command.currency());
        Instant timestamp = timestamp(command.timestamp(), now);
        String email = text("email", command.email());
        String name = text("name", command.name());
        String customerId = text("customer_id", command.customerId());
        String visitorId = command.visitorId() == null || command.visitorId().isBlank()
                ? null : command.visitorId().strip().toLowerCase(Locale.ROOT);
        if (visitorId != null && visitorId.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException("datafast_visitor_id",
                    "datafast_visitor_id is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (command.websiteId() == null) {
            throw new NotFoundException("website not found: no website id given");
        }
        Website website = websites.byId(command.websiteId())
                .orElseThrow(() -> new NotFoundException("website not found: " + command.websiteId()));

        Incoming incoming = new Incoming(website, transactionId, amount, currency, timestamp, visitorId, email, name,
                customerId, command.renewal());
        PaymentReceipt receipt = command.refunded() ? refund(incoming) : pay(incoming);
        mapChanges.publish(website.id());
        return receipt;
    }

    /**
     * An imported payment (already checked and attributed by the import): stored unless its transaction is, a
     * refund line refunds the stored payment, and the visitor's customer info is recomputed as for the API.
     */
    @Override
    public boolean record(Website website, Payment payment) {
        boolean stored = payments.record(payment)
                || (payment.refunded() && payments.markRefunded(website.id(), payment.transactionId()));
        if (stored) {
            refreshCustomer(website, payments.byTransactionId(website.id(), payment.transactionId())
                    .map(Payment::visitorId).orElse(null));
        }
        return stored;
    }

    /**
     * A batch of imported payments with the outcome of {@link #record(Website, Payment)} for each, in a few storage
     * calls instead of several per payment: stored in one go, refund lines of stored transactions refunded one by
     * one, then the customer info of every visitor concerned recomputed in one go.
     */
    @Override
    public long recordAll(Website website, List<Payment> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Set<Payment> storedNow = Collections.newSetFromMap(new IdentityHashMap<>());
        storedNow.addAll(payments.recordAll(batch));
        long changed = storedNow.size();
        Set<String> concerned = new TreeSet<>();
        for (Payment payment : batch) {
            if (storedNow.contains(payment)) {
                if (payment.visitorId() != null) {
                    concerned.add(payment.visitorId());
                }
            } else if (payment.refunded() && payments.markRefunded(website.id(), payment.transactionId())) {
                changed++;
                payments.byTransactionId(website.id(), payment.transactionId())
                        .map(Payment::visitorId).ifPresent(concerned::add);
            }
        }
        refreshCustomers(website, concerned);
        return changed;
    }

    private PaymentReceipt pay(Incoming in) {
        String visitor = attribute(in.website.id(), in.visitorId, in.email).orElse(null);
        Payment payment = in.toPayment(ids.next(in.timestamp), visitor, false);
        if (payments.record(payment)) {
            refreshCustomer(in.website, visitor);
            return new PaymentReceipt(in.transactionId, Outcome.RECORDED, visitor);
        }
        String storedVisitor = payments.byTransactionId(in.website.id(), in.transactionId)
                .map(Payment::visitorId).orElse(null);
        refreshCustomer(in.website, storedVisitor);
        return new PaymentReceipt(in.transactionId, Outcome.ALREADY_RECORDED, storedVisitor);
    }

    private PaymentReceipt refund(Incoming in) {
        String websiteId = in.website.id();
        for (int attempt = 0; attempt < MAX_REFUND_ATTEMPTS; attempt++) {
            if (payments.markRefunded(websiteId, in.transactionId)) {
                String visitor = payments.byTransactionId(websiteId, in.transactionId)
                        .map(Payment::visitorId).orElse(null);
                refreshCustomer(in.website, visitor);
                return new PaymentReceipt(in.transactionId, Outcome.REFUNDED, visitor);
            }
            Optional<Payment> stored = payments.byTransactionId(websiteId, in.transactionId);
            if (stored.isPresent() && stored.get().refunded()) {
                refreshCustomer(in.website, stored.get().visitorId());
                return new PaymentReceipt(in.transactionId, Outcome.ALREADY_REFUNDED, stored.get().visitorId());
            }
            if (stored.isEmpty()) {
                String visitor = attribute(websiteId, in.visitorId, in.email).orElse(null);
                if (payments.record(in.toPayment(ids.next(in.timestamp), visitor, true))) {
                    refreshCustomer(in.website, visitor);
                    return new PaymentReceipt(in.transactionId, Outcome.REFUND_RECORDED, visitor);
                }
            }
            // the payment was stored by a concurrent request meanwhile: refund it now
        }
        throw new IllegalStateException("refund of transaction " + in.transactionId
                + " kept racing with concurrent requests");
    }

    /** The visitor a payment belongs to: the given one when known here, else the one identified with the email. */
    private Optional<String> attribute(String websiteId, String visitorId, String email) {
        if (visitorId != null) {
            Optional<VisitorState> known = visitors.find(websiteId, visitorId);
            if (known.isPresent()) {
                return Optional.of(known.get().visitorId());
            }
        }
        if (email != null) {
            return visitors.latestWithProfileEmail(websiteId, email).map(VisitorState::visitorId);
        }
        return Optional.empty();
    }

    private void refreshCustomer(Website website, String visitorId) {
        if (visitorId != null) {
            refreshCustomers(website, Set.of(visitorId));
        }
    }

    /**
     * Recomputes the customer info of the visitors from all their payments, holding their lock stripes (in
     * ascending order, so concurrent refreshes never deadlock) so that two refreshes of one visitor cannot store
     * an older summary over a newer one.
     */
    private void refreshCustomers(Website website, Set<String> visitorIds) {
        if (visitorIds.isEmpty()) {
            return;
        }
        Set<Integer> stripes = new TreeSet<>();
        for (String visitorId : visitorIds) {
            stripes.add(stripeOf(website, visitorId));
        }
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                visitorLocks[stripe].lock();
                held.add(visitorLocks[stripe]);
            }
            Map<String, List<Payment>> paid = payments.ofVisitors(website.id(), visitorIds);
            Map<String, UnaryOperator<VisitorState>> changes = new LinkedHashMap<>();
            paid.forEach((visitorId, ofVisitor) -> {
                var info = CustomerSummary.of(ofVisitor, website.currency(), rates);
                changes.put(visitorId, state -> state.withCustomer(info));
            });
            visitors.updateAll(website.id(), changes);
        } finally {
            for (ReentrantLock lock : held) {
                lock.unlock();
            }
        }
    }

    private static int stripeOf(Website website, String visitorId) {
        return Math.floorMod((website.id() + '/' + visitorId).hashCode(), LOCK_STRIPES);
    }

    // ---------------------------------------------------------------- field rules

    private static String transactionId(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("transaction_id", "transaction_id is required");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException("transaction_id",
                    "transaction_id is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    static BigDecimal amount(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("amount", "amount is required");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("amount", "amount must be a finite number, got '" + value + "'");
        }
        if (amount.signum() < 0) {
            throw new InvalidInputException("amount", "amount must be 0 or more, got " + value);
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException("amount", "amount must be at most " + MAX_AMOUNT.toPlainString());
        }
        BigDecimal kept = amount.scale() > MAX_FRACTION_DIGITS
                ? amount.setScale(MAX_FRACTION_DIGITS, RoundingMode.HALF_UP).stripTrailingZeros()
                : amount;
        return kept.scale() < 0 ? kept.setScale(0) : kept;
    }

    private static String currency(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("currency", "currency is required");
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        try {
            if (code.length() == 3) {
                return Currency.getInstance(code).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // not a code: answered below
        }
        throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD, got '" + value + "'");
    }

    private static Instant timestamp(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return now.truncatedTo(ChronoUnit.MILLIS);
        }
        Instant at;
        try {
            at = IsoTimestamps.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("timestamp",
                    "timestamp must be ISO-8601 with a zone offset, e.g. 2026-02-06T05:27:20.000Z, got '" + value + "'");
        }
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new InvalidInputException("timestamp", "timestamp lies more than 5 minutes in the future");
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return EventRules.boundedValue(field, value.strip());
    }

    /** A checked request. */
    private record Incoming(Website website, String transactionId, BigDecimal amount, String currency,
            Instant timestamp, String visitorId, String email, String name, String customerId, boolean renewal) {

        Payment toPayment(String id, String attributedVisitor, boolean refunded) {
            return new Payment(id, website.id(), transactionId, amount, currency, timestamp, attributedVisitor, email,
                    name, customerId, renewal, refunded);
        }
    }
}
