package dev.meridian.ports.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the map's {@code recentPayments} (API.md §2).
 *
 * @param displayName of the attributed visitor, or {@code null}
 * @param isNew       first payment of that customer (by visitor, else by email)
 * @param visible     attributed to a visitor who is active on the map now
 */
public record RecentPayment(
        String id,
        PaymentType type,
        Instant timestamp,
        String name,
        String email,
        BigDecimal amount,
        String currency,
        boolean renewal,
        String displayName,
        boolean isNew,
        boolean visible) {

    public RecentPayment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
    }
}
