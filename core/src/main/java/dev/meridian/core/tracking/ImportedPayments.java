package dev.meridian.core.tracking;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Website;

/**
 * Where an import's payments go. Today {@link PaymentsMarkingCustomers}; a payments use case (recording a payment
 * with its attribution, refunds and currency conversion) can take its place without touching the import.
 */
@FunctionalInterface
public interface ImportedPayments {

    /**
     * Stores {@code payment} unless its transaction id is stored for its website, and updates what the payment says
     * about its visitor.
     *
     * @return true when this call stored it
     */
    boolean record(Website website, Payment payment);
}
