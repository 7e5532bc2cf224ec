package dev.meridian.core.revenue;

import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.PaymentReceipt;
import dev.meridian.ports.in.PaymentReceipt.Outcome;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.CustomerUpdates;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records payments, free trials and refunds (API.md §5.1): checks every field ({@link PaymentFields}, the rules an
 * import's payment lines go through too), stores a payment once per transaction id, attributes it to a visitor (the
 * {@code datafast_visitor_id} when that visitor is known on the website, else the visitor seen last whose identify
 * {@code email} is the payment's email), and recomputes that visitor's customer information from all of its
 * payments ({@link CustomerRefresh}).
 *
 * <p>A request repeated with a recorded transaction id recomputes again, so a failure between storing a payment and
 * updating its visitor heals when the client retries.
 */
public final class PaymentRecording implements RecordPayment, ImportedPayments {

    private static final int MAX_REFUND_ATTEMPTS = 5;

    private final Websites websites;
    private final Visitors visitors;
    private final Payments payments;
    private final Clock clock;
    private final ObjectIds ids;
    private final MapChanges mapChanges;
    private final CustomerRefresh customers;

    public PaymentRecording(Websites websites, Visitors visitors, Payments payments, CurrencyRates rates, Clock clock,
            ObjectIds ids, MapChanges mapChanges, CustomerUpdates customerUpdates) {
        this.websites = websites;
        this.visitors = visitors;
        this.payments = payments;
        this.clock = clock;
        this.ids = ids;
        this.mapChanges = mapChanges;
        this.customers = new CustomerRefresh(visitors, payments, rates, customerUpdates);
    }

    @Override
    public PaymentReceipt record(PaymentCommand command) {
        PaymentFields fields = PaymentFields.of(command, clock.now());
        if (command.websiteId() == null) {
            throw new NotFoundException("website not found: no website id given");
        }
        Website website = websites.byId(command.websiteId())
                .orElseThrow(() -> new NotFoundException("website not found: " + command.websiteId()));
        PaymentReceipt receipt = fields.refunded() ? refund(website, fields) : pay(website, fields);
        mapChanges.publish(website.id());
        return receipt;
    }

    /**
     * An imported payment (already checked by the import, with {@link PaymentFields}): stored unless its transaction
     * is, a refund line refunds the stored payment, and the visitor's customer info is recomputed as for the API.
     */
    @Override
    public boolean record(Website website, Payment payment) {
        boolean stored = payments.record(payment)
                || (payment.refunded() && payments.markRefunded(website.id(), payment.transactionId()));
        if (stored) {
            customers.refresh(website, payments.byTransactionId(website.id(), payment.transactionId())
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
        customers.refresh(website, concerned);
        return changed;
    }

    private PaymentReceipt pay(Website website, PaymentFields in) {
        String visitor = attribute(website.id(), in.visitorId(), in.email()).orElse(null);
        Payment payment = in.toPayment(ids.next(in.timestamp()), website.id(), visitor, false);
        if (payments.record(payment)) {
            customers.refresh(website, visitor);
            return new PaymentReceipt(in.transactionId(), Outcome.RECORDED, visitor);
        }
        String storedVisitor = payments.byTransactionId(website.id(), in.transactionId())
                .map(Payment::visitorId).orElse(null);
        customers.refresh(website, storedVisitor);
        return new PaymentReceipt(in.transactionId(), Outcome.ALREADY_RECORDED, storedVisitor);
    }

    private PaymentReceipt refund(Website website, PaymentFields in) {
        String websiteId = website.id();
        String transactionId = in.transactionId();
        for (int attempt = 0; attempt < MAX_REFUND_ATTEMPTS; attempt++) {
            if (payments.markRefunded(websiteId, transactionId)) {
                String visitor = payments.byTransactionId(websiteId, transactionId)
                        .map(Payment::visitorId).orElse(null);
                customers.refresh(website, visitor);
                return new PaymentReceipt(transactionId, Outcome.REFUNDED, visitor);
            }
            Optional<Payment> stored = payments.byTransactionId(websiteId, transactionId);
            if (stored.isPresent() && stored.get().refunded()) {
                customers.refresh(website, stored.get().visitorId());
                return new PaymentReceipt(transactionId, Outcome.ALREADY_REFUNDED, stored.get().visitorId());
            }
            if (stored.isEmpty()) {
                String visitor = attribute(websiteId, in.visitorId(), in.email()).orElse(null);
                if (payments.record(in.toPayment(ids.next(in.timestamp()), websiteId, visitor, true))) {
                    customers.refresh(website, visitor);
                    return new PaymentReceipt(transactionId, Outcome.REFUND_RECORDED, visitor);
                }
            }
            // the payment was stored by a concurrent request meanwhile: refund it now
        }
        throw new IllegalStateException("refund of transaction " + transactionId
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
}
