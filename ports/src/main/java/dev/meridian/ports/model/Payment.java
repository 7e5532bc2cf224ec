package dev.meridian.ports.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A payment of a website, idempotent by {@code (websiteId, transactionId)}.
 *
 * @param id        24 lower-case hex characters
 * @param amount    major units, &gt;= 0; 0 is a free trial
 * @param currency  ISO 4217, upper case
 * @param visitorId the attributed visitor, or {@code null} when unattributed
 * @param email     as sent, or {@code null}
 * @param name      as sent, or {@code null}
 * @param customerId the payment provider's customer id as sent, or {@code null}
 */
public record Payment(
        String id,
        String websiteId,
        String transactionId,
        BigDecimal amount,
        String currency,
        Instant timestamp,
        String visitorId,
        String email,
        String name,
        String customerId,
        boolean renewal,
        boolean refunded) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public PaymentType type() {
        return amount.signum() == 0 ? PaymentType.FREE_TRIAL : PaymentType.PAYMENT_RECEIVED;
    }

    /** Counts as a conversion: money received and not refunded (free trials do not count). */
    public boolean converts() {
        return amount.signum() > 0 && !refunded;
    }
}
