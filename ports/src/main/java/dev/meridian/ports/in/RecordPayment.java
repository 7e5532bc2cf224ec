package dev.meridian.ports.in;

/** Record a payment, a free trial or a refund sent by the website's backend (API.md §5.1). */
public interface RecordPayment {

    /**
     * Stores the payment once per {@code (website, transaction_id)}, attributes it to a visitor and updates that
     * visitor's customer information; a refund marks the stored payment refunded.
     *
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website
     */
    PaymentReceipt record(PaymentCommand command);
}
