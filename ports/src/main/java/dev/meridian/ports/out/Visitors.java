package dev.meridian.ports.out;

import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The live state of each visitor. */
public interface Visitors {

    Optional<VisitorState> find(String websiteId, String visitorId);

    /**
     * Visitors of {@code websiteId} with a pageview at or after {@code since}, ordered by
     * {@code lastSeenAt} newest first (ties by visitor id).
     */
    List<VisitorState> activeSince(String websiteId, Instant since);

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
}
