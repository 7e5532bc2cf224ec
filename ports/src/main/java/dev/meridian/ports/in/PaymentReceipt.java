package dev.meridian.ports.in;

import java.util.Objects;

/**
 * What {@link RecordPayment} did.
 *
 * @param transactionId the transaction id of the request
 * @param outcome       what was stored, if anything
 * @param visitorId     the visitor the payment is attributed to, or {@code null} when unattributed
 */
public record PaymentReceipt(String transactionId, Outcome outcome, String visitorId) {

    public PaymentReceipt {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(outcome, "outcome");
    }

    public enum Outcome {
        /** A new payment (or free trial) was stored. */
        RECORDED,
        /** A payment with this transaction id was stored before: nothing was stored now. */
        ALREADY_RECORDED,
        /** The stored payment with this transaction id is now refunded. */
        REFUNDED,
        /** No payment had this transaction id: the refund was stored as a refunded payment. */
        REFUND_RECORDED,
        /** The payment with this transaction id was refunded before: nothing changed now. */
        ALREADY_REFUNDED
    }
}
