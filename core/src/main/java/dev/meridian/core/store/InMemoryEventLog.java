package dev.meridian.core.store;

import dev.meridian.core.store.Sites.Site;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.VisitorUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;

/** The event log of the {@link InMemoryStore}: an event and its visitor's new state, stored together. */
final class InMemoryEventLog implements EventLog {

    private final Sites sites;

    InMemoryEventLog(Sites sites) {
        this.sites = sites;
    }

    @Override
    public VisitorState append(Event event, VisitorUpdate update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(update, "update");
        Site site = sites.site(event.websiteId());
        Lock live = site.writes.readLock();
        live.lock();
        try {
            return site.visitors.compute(event.visitorId(), (visitorId, current) -> {
                VisitorState next = Sites.checkedUpdate(update.apply(Optional.ofNullable(current)),
                        event.websiteId(), visitorId);
                site.reindex(current, next);
                site.store(event);
                return next;
            });
        } finally {
            live.unlock();
        }
    }

    /** Writes at once: the stage is complete (or failed) when this returns. */
    @Override
    public CompletionStage<VisitorState> appendAsync(Event event, VisitorUpdate update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(update, "update");
        try {
            return CompletableFuture.completedFuture(append(event, update));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<Event> recentEvents(String websiteId, Instant since, int limit) {
        Site site = sites.existing(websiteId);
        if (site == null || limit <= 0) {
            return List.of();
        }
        List<Event> result = new ArrayList<>(Math.min(limit, 128));
        for (Event event : site.events.tailMap(TimeKey.earliestAt(since), true).descendingMap().values()) {
            result.add(event);
            if (result.size() == limit) {
                break;
            }
        }
        return result;
    }
}
