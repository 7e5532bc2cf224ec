package dev.meridian.ports.out;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

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
     * As {@link #append}, without waiting: the returned stage completes with the visitor's new state once both are
     * durable (and readable), or exceptionally with the failure {@link #append} would have thrown (then neither is
     * stored, except where a {@link dev.meridian.ports.error.StorageUnavailableException} says it may still be).
     * Appends of one visitor apply in the order of the calls. The caller's thread is not held while the storage
     * writes; the stage may complete on a thread of the storage, so what depends on it should be short (or run on
     * an executor of the caller's). A storage whose writes are immediate completes the stage before it returns.
     *
     * @throws NullPointerException when {@code event} or {@code update} is null (nothing queued)
     */
    CompletionStage<VisitorState> appendAsync(Event event, VisitorUpdate update);

    /**
     * Events of {@code websiteId} with {@code timestamp >= since}, newest first (ties by id, descending), at
     * most {@code limit}.
     */
    List<Event> recentEvents(String websiteId, Instant since, int limit);
}
