package dev.meridian.ports.out;

import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The live state of each visitor. */
public interface Visitors {

    Optional<VisitorState> find(String websiteId, String visitorId);

    /**
     * The active visitors of {@code websiteId}, those with a pageview at or after {@code since}: how many there are,
     * and the {@code limit} with the latest pageviews, newest first (ties by visitor id). However many are active,
     * an implementation reads no more than {@code limit} of them (PostgreSQL: the {@code visitors_active} index).
     *
     * @param limit at least 1
     */
    Active active(String websiteId, Instant since, int limit);

    /** Visitors of {@code websiteId} by id; ids of no stored visitor are left out. */
    default Map<String, VisitorState> findAll(String websiteId, Collection<String> visitorIds) {
        Map<String, VisitorState> found = new LinkedHashMap<>();
        for (String visitorId : visitorIds) {
            find(websiteId, visitorId).ifPresent(state -> found.put(visitorId, state));
        }
        return found;
    }

    /**
     * Applies {@code change} to a stored visitor atomically (as {@link EventLog#append} does).
     *
     * @return the new state, or empty when the visitor does not exist (nothing stored)
     */
    Optional<VisitorState> update(String websiteId, String visitorId, UnaryOperator<VisitorState> change);

    /**
     * {@link #update} of several visitors of one website as one batch: each change is applied atomically to its
     * visitor; visitors that do not exist are left out of the answer.
     *
     * @return the new states by visitor id
     */
    default Map<String, VisitorState> updateAll(String websiteId, Map<String, UnaryOperator<VisitorState>> changes) {
        Map<String, VisitorState> updated = new LinkedHashMap<>();
        changes.forEach((visitorId, change) -> update(websiteId, visitorId, change)
                .ifPresent(state -> updated.put(visitorId, state)));
        return updated;
    }

    /**
     * The visitor of {@code websiteId} whose profile field {@code email} (as identify stored it) equals
     * {@code email} ignoring case; of several, the one seen last ({@code lastSeenAt}, ties by visitor id).
     */
    Optional<VisitorState> latestWithProfileEmail(String websiteId, String email);

    /**
     * What {@link #active} found.
     *
     * @param count  the active visitors in all
     * @param latest at most the limit asked for, newest pageview first
     */
    record Active(int count, List<VisitorState> latest) {
        public Active {
            latest = List.copyOf(latest);
            if (count < latest.size()) {
                throw new IllegalArgumentException("count " + count + " is less than the " + latest.size() + " listed");
            }
        }
    }
}
