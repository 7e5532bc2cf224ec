package dev.meridian.core.tracking;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Website;

/**
 * Where an import's payments go: by default core's payments use case ({@code PaymentRecording}), so imported
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
}
