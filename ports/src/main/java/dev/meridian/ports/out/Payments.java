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

    /** Payments not refunded with {@code timestamp >= since}, newest first, at most {@code limit}. */
    List<Payment> recent(String websiteId, Instant since, int limit);
}
