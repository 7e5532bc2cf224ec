package dev.meridian.ports.in;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One payment as received (API.md §5.1), after the HTTP adapter checked JSON types and resolved the aliases
 * ({@code email}/{@code customer_email}, {@code name}/{@code customer_name}). Field rules are checked by
 * {@link RecordPayment}, which names the offending field.
 *
 * <p>Build one by name rather than by position:
 *
 * <pre>{@code
 * PaymentCommand payment = PaymentCommand.payment(websiteId, "pi_3PqL8x")
 *         .amount("49.99", "USD")
 *         .visitor(visitorId)
 *         .email("ada@example.com")
 *         .build();
 * }</pre>
 *
 * @param websiteId     the website (already resolved from the credential)
 * @param amount        the amount as sent, as decimal text ({@code "49.99"}); a JSON number's text
 * @param currency      ISO 4217 code as sent
 * @param transactionId the payment provider's id; the idempotency key
 * @param visitorId     {@code datafast_visitor_id}, or {@code null}
 * @param email         the customer's email, or {@code null}
 * @param name          the customer's name, or {@code null}
 * @param customerId    the provider's customer id, or {@code null}
 * @param renewal       a subscription renewal
 * @param refunded      a refund of the payment {@code transactionId}
 * @param timestamp     ISO-8601 with offset as sent, or {@code null} for now
 */
public record PaymentCommand(
        String websiteId,
        String amount,
        String currency,
        String transactionId,
        String visitorId,
        String email,
        String name,
        String customerId,
        boolean renewal,
        boolean refunded,
        String timestamp) {

    /**
     * A payment (a free trial when its amount is 0) of the website {@code websiteId}, under the payment provider's
     * {@code transactionId}: the key that makes recording it twice record it once.
     */
    public static Builder payment(String websiteId, String transactionId) {
        return new Builder(websiteId, transactionId, false);
    }

    /** The refund of the payment recorded under {@code transactionId}; its amount and currency are the refund's. */
    public static Builder refund(String websiteId, String transactionId) {
        return new Builder(websiteId, transactionId, true);
    }

    /**
     * The rest of a {@link PaymentCommand}: what is not set stays {@code null} (not a renewal). Nothing is checked
     * here: {@link RecordPayment} checks the command as it would a request, naming the field.
     */
    public static final class Builder {

        private final String websiteId;
        private final String transactionId;
        private final boolean refunded;
        private String amount;
        private String currency;
        private String visitorId;
        private String email;
        private String name;
        private String customerId;
        private boolean renewal;
        private String timestamp;

        private Builder(String websiteId, String transactionId, boolean refunded) {
            this.websiteId = websiteId;
            this.transactionId = transactionId;
            this.refunded = refunded;
        }

        /** The amount in major units as decimal text ({@code "49.99"}), and its ISO 4217 currency. */
        public Builder amount(String amount, String currency) {
            this.amount = amount;
            this.currency = currency;
            return this;
        }

        /** The amount in major units, and its ISO 4217 currency. */
        public Builder amount(BigDecimal amount, String currency) {
            return amount(Objects.requireNonNull(amount, "amount").toPlainString(), currency);
        }

        /** The visitor who paid ({@code datafast_visitor_id}); a visitor the website does not know is ignored. */
        public Builder visitor(String visitorId) {
            this.visitorId = visitorId;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The payment provider's id of the customer. */
        public Builder customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        /** A subscription's renewal rather than a first payment. */
        public Builder renewal() {
            this.renewal = true;
            return this;
        }

        /** When it was paid, ISO-8601 with an offset ({@code 2026-03-01T12:00:00Z}); not set: when it is recorded. */
        public Builder timestamp(String timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** When it was paid; not set: when it is recorded. */
        public Builder timestamp(Instant timestamp) {
            return timestamp(Objects.requireNonNull(timestamp, "timestamp").toString());
        }

        public PaymentCommand build() {
            return new PaymentCommand(websiteId, amount, currency, transactionId, visitorId, email, name, customerId,
                    renewal, refunded, timestamp);
        }
    }
}
