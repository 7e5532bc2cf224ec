package dev.meridian.ports.out;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import java.util.List;
import java.util.Optional;

/** Bulk writes of imported history: many events of one website in one call, idempotent by event. */
public interface ImportSink {

    /**
     * Atomically stores those of {@code events} that are not stored yet (an event is stored when one with the
     * same website, id and timestamp is) and, for each visitor with newly stored events, replaces its state by
     * {@code update.apply(its stored state, its newly stored events)} while holding that visitor exclusively (as
     * {@link EventLog#append} does). When it throws, nothing is stored.
     *
     * @param events events of {@code websiteId} with distinct ids, in the order their updates apply
     * @return the events this call stored, in the order given
     */
    List<Event> appendAll(String websiteId, List<Event> events, ImportedVisitorUpdate update);

    /** How a visitor's newly imported events change its state. */
    @FunctionalInterface
    interface ImportedVisitorUpdate {

        /**
         * @param current the stored state, empty for a visitor never seen
         * @param stored  the visitor's events this call stores, in the order given to {@link #appendAll}
         * @return the state to store
         */
        VisitorState apply(Optional<VisitorState> current, List<Event> stored);
    }
}
