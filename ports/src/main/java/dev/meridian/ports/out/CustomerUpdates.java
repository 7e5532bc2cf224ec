package dev.meridian.ports.out;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Storage that recomputes visitors' customer info from their payments while it holds the visitors exclusively
 * (PostgreSQL: in the transaction that locked their rows), so that when several processes refresh one visitor at
 * once (two nodes taking payments of one customer, an import beside the server) the refresh stored last has read
 * every payment committed before it began to hold the visitor: no stale summary is stored last. Optional: a storage
 * written by one process only (the in-memory store) does without, and core serialises refreshes in its JVM.
 */
public interface CustomerUpdates {

    /**
     * For each of {@code visitorIds} that is stored: holds the visitor, reads all of its payments (refunded ones
     * included, oldest first, ties by id, as {@link Payments#ofVisitor}), stores {@code summary.apply(them)} as its
     * customer info, then lets go; visitors that do not exist are left out.
     *
     * @return the new states by visitor id
     */
    Map<String, VisitorState> updateCustomers(String websiteId, Collection<String> visitorIds,
            Function<List<Payment>, CustomerInfo> summary);
}
