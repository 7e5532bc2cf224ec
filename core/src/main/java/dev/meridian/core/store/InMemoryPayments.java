package dev.meridian.core.store;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.out.Payments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The payments of the {@link InMemoryStore}, idempotent by transaction id, indexed by time and by visitor. */
final class InMemoryPayments implements Payments {

    private final ConcurrentMap<String, Site> sites = new ConcurrentHashMap<>();

    /** The payments of one website. */
    private static final class Site {
        final ConcurrentMap<String, Payment> byTransaction = new ConcurrentHashMap<>();
        final ConcurrentSkipListMap<TimeKey, Payment> byTime = new ConcurrentSkipListMap<>();
        /** visitor id → its attributed payments by time. */
        final ConcurrentMap<String, ConcurrentSkipListMap<TimeKey, Payment>> byVisitor = new ConcurrentHashMap<>();
    }

    private Site site(String websiteId) {
        return sites.computeIfAbsent(websiteId, id -> new Site());
    }

    @Override
    public boolean record(Payment payment) {
        Site site = site(payment.websiteId());
        boolean[] stored = new boolean[1];
        // the entry of the transaction id is held while the time and visitor indexes change
        site.byTransaction.compute(payment.transactionId(), (tx, existing) -> {
            if (existing != null) {
                return existing;
            }
            index(site, payment);
            stored[0] = true;
            return payment;
        });
        return stored[0];
    }

    private static void index(Site site, Payment payment) {
        TimeKey key = new TimeKey(payment.timestamp(), payment.id());
        site.byTime.put(key, payment);
        if (payment.visitorId() != null) {
            site.byVisitor.computeIfAbsent(payment.visitorId(), v -> new ConcurrentSkipListMap<>()).put(key, payment);
        }
    }

    @Override
    public Optional<Payment> byTransactionId(String websiteId, String transactionId) {
        Site site = sites.get(websiteId);
        return site == null ? Optional.empty() : Optional.ofNullable(site.byTransaction.get(transactionId));
    }

    @Override
    public boolean markRefunded(String websiteId, String transactionId) {
        Site site = sites.get(websiteId);
        if (site == null) {
            return false;
        }
        boolean[] changed = new boolean[1];
        site.byTransaction.computeIfPresent(transactionId, (tx, existing) -> {
            if (existing.refunded()) {
                return existing;
            }
            Payment refunded = new Payment(existing.id(), existing.websiteId(), existing.transactionId(),
                    existing.amount(), existing.currency(), existing.timestamp(), existing.visitorId(), existing.email(),
                    existing.name(), existing.customerId(), existing.renewal(), true);
            index(site, refunded);
            changed[0] = true;
            return refunded;
        });
        return changed[0];
    }

    @Override
    public List<Payment> ofVisitor(String websiteId, String visitorId) {
        Site site = sites.get(websiteId);
        if (site == null) {
            return List.of();
        }
        NavigableMap<TimeKey, Payment> payments = site.byVisitor.get(visitorId);
        return payments == null ? List.of() : List.copyOf(payments.values());
    }

    @Override
    public List<Payment> recentPayments(String websiteId, Instant since, int limit) {
        Site site = sites.get(websiteId);
        if (site == null || limit <= 0) {
            return List.of();
        }
        NavigableMap<TimeKey, Payment> window = site.byTime.tailMap(TimeKey.earliestAt(since), true);
        List<Payment> result = new ArrayList<>();
        for (Payment payment : window.descendingMap().values()) {
            if (!payment.refunded()) {
                result.add(payment);
                if (result.size() == limit) {
                    break;
                }
            }
        }
        return result;
    }

    @Override
    public boolean hasEarlierOfSameCustomer(Payment payment) {
        Site site = sites.get(payment.websiteId());
        if (site == null || (payment.visitorId() == null && payment.email() == null)) {
            return false;
        }
        TimeKey own = new TimeKey(payment.timestamp(), payment.id());
        if (payment.visitorId() != null) {
            NavigableMap<TimeKey, Payment> ofVisitor = site.byVisitor.get(payment.visitorId());
            return ofVisitor != null && ofVisitor.lowerKey(own) != null;
        }
        for (Payment earlier : site.byTime.headMap(own, false).values()) {
            if (earlier.email() != null && payment.email().equalsIgnoreCase(earlier.email())) {
                return true;
            }
        }
        return false;
    }
}
