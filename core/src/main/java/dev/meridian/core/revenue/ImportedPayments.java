package dev.meridian.core.revenue;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Website;
import java.util.List;

/**
 * Where an import's payments go: by default core's payments use case ({@link PaymentRecording}), so imported
 * payments, refunds and currency conversion give the same customer info as the payments API.
 */
@FunctionalInterface
public interface ImportedPayments {

    /**
     * Stores {@code payment} unless its transaction id is stored for its website (a refund line refunds the stored
     * payment), and updates what the payments say about its visitor.
     *
     * @return true when this call stored it
     */
    boolean record(Website website, Payment payment);

    /**
     * {@link #record} of each payment of an import's batch, in the order given (implementations may store them in
     * one go).
     *
     * @return how many of them this call stored or refunded
     */
    default long recordAll(Website website, List<Payment> payments) {
        long stored = 0;
        for (Payment payment : payments) {
            if (record(website, payment)) {
                stored++;
            }
        }
        return stored;
    }
}
