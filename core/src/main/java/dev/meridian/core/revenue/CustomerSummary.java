package dev.meridian.core.revenue;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * What a visitor's payments say about it (API.md §2): a customer when at least one payment has an amount
 * above 0 and is not refunded; name and email are the latest non-empty ones (by payment timestamp, then id);
 * revenue is the sum of the converting payments in the website's reporting currency (a currency without a
 * rate adds nothing). Computed from all of the visitor's payments, so the order they arrive in and refunds
 * do not matter.
 */
public final class CustomerSummary {

    private static final Comparator<Payment> OLDEST_FIRST =
            Comparator.comparing(Payment::timestamp).thenComparing(Payment::id);

    private CustomerSummary() {
    }

    public static CustomerInfo of(List<Payment> payments, String reportingCurrency, CurrencyRates rates) {
        if (payments.isEmpty()) {
            return CustomerInfo.NONE;
        }
        List<Payment> ordered = payments.stream().sorted(OLDEST_FIRST).toList();
        boolean customer = false;
        String name = null;
        String email = null;
        BigDecimal revenue = BigDecimal.ZERO;
        for (Payment payment : ordered) {
            if (payment.name() != null && !payment.name().isBlank()) {
                name = payment.name();
            }
            if (payment.email() != null && !payment.email().isBlank()) {
                email = payment.email();
            }
            if (payment.converts()) {
                customer = true;
                revenue = revenue.add(rates.convert(payment.amount(), payment.currency(), reportingCurrency)
                        .orElse(BigDecimal.ZERO));
            }
        }
        return new CustomerInfo(customer, name, email, revenue);
    }
}
