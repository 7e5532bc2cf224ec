package dev.meridian.core.store;

import dev.meridian.core.store.Sites.Site;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ImportSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The import sink of the {@link InMemoryStore}: a batch of a website's events and their visitors' updates, all or
 * nothing. It holds the website's live writes back while it runs (its write lock), so no live event lands between
 * computing the updates and storing them.
 */
final class InMemoryImportSink implements ImportSink {

    private final Sites sites;

    InMemoryImportSink(Sites sites) {
        this.sites = sites;
    }

    @Override
    public List<Event> appendAll(String websiteId, List<Event> events, ImportedVisitorUpdate update) {
        Objects.requireNonNull(update, "update");
        Site site = sites.site(websiteId);
        Lock exclusive = site.writes.writeLock();
        exclusive.lock();
        try {
            Map<String, List<Event>> newByVisitor = new LinkedHashMap<>();
            List<Event> stored = new ArrayList<>();
            for (Event event : events) {
                if (!event.websiteId().equals(websiteId)) {
                    throw new IllegalArgumentException("event " + event.id() + " is not of website " + websiteId);
                }
                if (!site.events.containsKey(new TimeKey(event.timestamp(), event.id()))) {
                    newByVisitor.computeIfAbsent(event.visitorId(), v -> new ArrayList<>()).add(event);
                    stored.add(event);
                }
            }
            // every update first, so one that throws leaves everything as it was; no live write lands meanwhile
            Map<String, VisitorState> before = new LinkedHashMap<>();
            Map<String, VisitorState> after = new LinkedHashMap<>();
            newByVisitor.forEach((visitorId, own) -> {
                VisitorState current = site.visitors.get(visitorId);
                before.put(visitorId, current);
                after.put(visitorId, Sites.checkedUpdate(update.apply(Optional.ofNullable(current), List.copyOf(own)),
                        websiteId, visitorId));
            });
            before.forEach((visitorId, state) -> {
                // only this thread can write now: an update that wrote to the store itself
                if (site.visitors.get(visitorId) != state) {
                    throw new IllegalStateException("visitor " + visitorId + " changed while its import's update ran;"
                            + " an update may not write to the store");
                }
            });
            newByVisitor.forEach((visitorId, own) -> {
                VisitorState next = after.get(visitorId);
                site.visitors.put(visitorId, next);
                site.reindex(before.get(visitorId), next);
                for (Event event : own) {
                    site.store(event);
                }
            });
            return stored;
        } finally {
            exclusive.unlock();
        }
    }
}
