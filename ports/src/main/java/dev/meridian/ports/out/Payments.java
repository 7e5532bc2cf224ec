package dev.meridian.ports.out;

import dev.meridian.ports.model.Payment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A website's payments, idempotent by transaction id. */
public interface Payments {

    /**
     * Stores {@code payment} unless one with the same {@code (websiteId, transactionId)} exists. Holds under
     * concurrent calls with the same id: exactly one of them stores.
     *
     * @return true when this call stored it
     */
    boolean record(Payment payment);

    /**
     * {@link #record} of each payment, in the order given, as one batch (a bulk import's); the same transaction id
     * twice stores the first. Not atomic: a failure may leave the payments before it stored, which recording them
     * again skips.
     *
     * @return the payments this call stored (the instances given), in the order given
     */
    default List<Payment> recordAll(List<Payment> payments) {
        List<Payment> stored = new ArrayList<>();
        for (Payment payment : payments) {
            if (record(payment)) {
                stored.add(payment);
            }
        }
        return stored;
    }

    /**
     * Payments not refunded with {@code timestamp >= since}, newest first (ties by id, descending), at most
     * {@code limit}.
     */
    List<Payment> recentPayments(String websiteId, Instant since, int limit);

    /**
     * Whether another payment of the same website comes before {@code payment} (by timestamp, then id) and
     * belongs to the same customer: the same visitor id when {@code payment} has one, else the same email
     * (ignoring case). False when {@code payment} has neither.
     */
    boolean hasEarlierOfSameCustomer(Payment payment);

    /**
     * {@link #hasEarlierOfSameCustomer} of each of {@code payments} (of {@code websiteId}) at once: the ids of those
     * that have an earlier payment of the same customer. PostgreSQL answers in one statement.
     */
    default Set<String> withEarlierOfSameCustomer(String websiteId, Collection<Payment> payments) {
        Set<String> ids = new HashSet<>();
        for (Payment payment : payments) {
            if (hasEarlierOfSameCustomer(payment)) {
                ids.add(payment.id());
            }
        }
        return ids;
    }

    /** The payment of {@code websiteId} with this transaction id, refunded or not. */
    Optional<Payment> byTransactionId(String websiteId, String transactionId);

    /**
     * Marks the stored payment with this transaction id refunded (nothing else of it changes).
     *
     * @return true when this call turned a stored payment that was not refunded into a refunded one; false when
     *     no payment has this id or it was refunded already
     */
    boolean markRefunded(String websiteId, String transactionId);

    /** Every payment attributed to the visitor, refunded ones included, oldest first (ties by id). */
    List<Payment> ofVisitor(String websiteId, String visitorId);

    /** {@link #ofVisitor} of each of {@code visitorIds}: every one of them is a key, with no payments an empty list. */
    default Map<String, List<Payment>> ofVisitors(String websiteId, Collection<String> visitorIds) {
        Map<String, List<Payment>> payments = new LinkedHashMap<>();
        for (String visitorId : visitorIds) {
            payments.put(visitorId, ofVisitor(websiteId, visitorId));
        }
        return payments;
    }
}
