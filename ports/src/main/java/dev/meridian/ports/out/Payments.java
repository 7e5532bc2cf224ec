package dev.meridian.ports.out;

import dev.meridian.ports.model.Payment;
import java.time.Instant;
import java.util.List;

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
}
