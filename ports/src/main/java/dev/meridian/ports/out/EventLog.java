package dev.meridian.ports.out;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.List;

/** A website's events, and the one write that records an event with its effect on the visitor. */
public interface EventLog {

    /**
     * Atomically appends {@code event} and stores {@code update} applied to the state of the event's
     * visitor. When this returns, both are durable; when it throws, neither is stored.
     *
     * @return the visitor's new state
     */
    VisitorState append(Event event, VisitorUpdate update);

    /**
     * Events of {@code websiteId} with {@code timestamp >= since}, newest first (ties by id, descending), at
     * most {@code limit}.
     */
    List<Event> recentEvents(String websiteId, Instant since, int limit);
}
