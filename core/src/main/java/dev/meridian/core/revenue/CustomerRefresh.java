package dev.meridian.core.revenue;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.CustomerUpdates;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Recomputes what visitors' payments say about them ({@link CustomerSummary}: customer or not, name, e-mail,
 * revenue in the website's currency) from all of their payments, and applies it with {@link Visitors#updateAll},
 * which never loses a concurrent tracking update.
 *
 * <p>Two refreshes of one visitor must not store an older summary over a newer one. When the storage offers
 * {@link CustomerUpdates} (PostgreSQL), the payments are read and the summary stored while the storage holds the
 * visitor's row, which serialises refreshes across every process sharing the database. Otherwise (the in-memory
 * store, one process) visitors are refreshed under per-visitor lock stripes of this instance, taken in ascending
 * order (so concurrent refreshes never deadlock).
 */
final class CustomerRefresh {

    private static final int LOCK_STRIPES = 64;

    private final Visitors visitors;
    private final Payments payments;
    private final CurrencyRates rates;
    private final ReentrantLock[] visitorLocks = new ReentrantLock[LOCK_STRIPES];
    /** The storage's own way, when it has one; null otherwise. */
    private final CustomerUpdates inStorage;

    /** @param inStorage the storage's own way to refresh under the visitor's row, or null */
    CustomerRefresh(Visitors visitors, Payments payments, CurrencyRates rates, CustomerUpdates inStorage) {
        this.visitors = visitors;
        this.inStorage = inStorage;
        this.payments = payments;
        this.rates = rates;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            visitorLocks[i] = new ReentrantLock();
        }
    }

    /** Refreshes one visitor; {@code null} (an unattributed payment) refreshes nobody. */
    void refresh(Website website, String visitorId) {
        if (visitorId != null) {
            refresh(website, Set.of(visitorId));
        }
    }

    void refresh(Website website, Set<String> visitorIds) {
        if (visitorIds.isEmpty()) {
            return;
        }
        if (inStorage != null) {
            inStorage.updateCustomers(website.id(), visitorIds,
                    ofVisitor -> CustomerSummary.of(ofVisitor, website.currency(), rates));
            return;
        }
        Set<Integer> stripes = new TreeSet<>();
        for (String visitorId : visitorIds) {
            stripes.add(stripeOf(website, visitorId));
        }
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                visitorLocks[stripe].lock();
                held.add(visitorLocks[stripe]);
            }
            Map<String, List<Payment>> paid = payments.ofVisitors(website.id(), visitorIds);
            Map<String, UnaryOperator<VisitorState>> changes = new LinkedHashMap<>();
            paid.forEach((visitorId, ofVisitor) -> {
                var info = CustomerSummary.of(ofVisitor, website.currency(), rates);
                changes.put(visitorId, state -> state.withCustomer(info));
            });
            visitors.updateAll(website.id(), changes);
        } finally {
            for (ReentrantLock lock : held) {
                lock.unlock();
            }
        }
    }

    private static int stripeOf(Website website, String visitorId) {
        return Math.floorMod((website.id() + '/' + visitorId).hashCode(), LOCK_STRIPES);
    }
}
