package dev.meridian.core.tracking;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;

/**
 * The simplest correct way to store an imported payment: {@link Payments#record} (idempotent by transaction id),
 * then, when it was stored and names a visitor that exists, that visitor's {@link CustomerInfo}: a customer once
 * a payment converts (amount &gt; 0, not refunded); its name and email from the last recorded payment that has them;
 * revenue grows by the amount when the payment is in the website's currency. There is no rate table yet, so a
 * payment in another currency counts as a conversion but adds no revenue (SCORING.md §6). A payment of a visitor
 * not stored yet marks nobody: imports store a batch's events before its payments, so put payments after their
 * visitor's first event in the file.
 */
public final class PaymentsMarkingCustomers implements ImportedPayments {

    private final Payments payments;
    private final Visitors visitors;

    public PaymentsMarkingCustomers(Payments payments, Visitors visitors) {
        this.payments = payments;
        this.visitors = visitors;
    }

    @Override
    public boolean record(Website website, Payment payment) {
        if (!payments.record(payment)) {
            return false;
        }
        if (payment.visitorId() != null) {
            visitors.update(website.id(), payment.visitorId(), state -> marked(state, website, payment));
        }
        return true;
    }

    static VisitorState marked(VisitorState state, Website website, Payment payment) {
        CustomerInfo before = state.customer();
        boolean converts = payment.converts();
        boolean countsRevenue = converts && payment.currency().equalsIgnoreCase(website.currency());
        return state.withCustomer(new CustomerInfo(
                before.customer() || converts,
                nonBlank(payment.name()) ? payment.name() : before.name(),
                nonBlank(payment.email()) ? payment.email() : before.email(),
                countsRevenue ? before.revenue().add(payment.amount()) : before.revenue()));
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }
}
