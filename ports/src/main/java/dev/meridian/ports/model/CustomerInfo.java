package dev.meridian.ports.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a visitor's payments say about it.
 *
 * @param customer at least one payment with amount &gt; 0 that is not refunded
 * @param name     latest non-empty name on the visitor's payments, or {@code null}
 * @param email    latest non-empty email on the visitor's payments, or {@code null}
 * @param revenue  sum of the visitor's converting payments, in the website's reporting currency
 */
public record CustomerInfo(boolean customer, String name, String email, BigDecimal revenue) {

    public static final CustomerInfo NONE = new CustomerInfo(false, null, null, BigDecimal.ZERO);

    public CustomerInfo {
        Objects.requireNonNull(revenue, "revenue");
    }
}
