package dev.meridian.core.store;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The visitors and events of every website, shared by the in-memory event log, import sink, visitors and conversion
 * history (the event log and an import write both at once), with the indexes every write of a visitor keeps.
 */
final class Sites {

    private final ConcurrentMap<String, Site> sites = new ConcurrentHashMap<>();

    /** Everything stored for one website. */
    static final class Site {
        final ConcurrentMap<String, VisitorState> visitors = new ConcurrentHashMap<>();
        /** (lastPageviewAt, visitorId) of every visitor with a pageview. */
        final ConcurrentSkipListSet<TimeKey> byLastPageview = new ConcurrentSkipListSet<>();
        final ConcurrentSkipListMap<TimeKey, Event> events = new ConcurrentSkipListMap<>();
        /** The events of each visitor, by time (the visitors API's journey). */
        final ConcurrentMap<String, ConcurrentSkipListMap<TimeKey, Event>> eventsByVisitor = new ConcurrentHashMap<>();
        /** lower-cased profile email → visitor ids whose profile has it. */
        final ConcurrentMap<String, Set<String>> visitorsByProfileEmail = new ConcurrentHashMap<>();
        /**
         * Live writes of a visitor ({@code append}, {@code update}) hold the read lock, so they run side by side, each
         * holding its visitor's entry; an import holds the write lock, so no live write lands between computing its
         * updates and storing them (all of them, or none when one throws), and two imports of the same lines store
         * them once.
         */
        final ReadWriteLock writes = new ReentrantReadWriteLock();

        /** Stores {@code event} in the log and in its visitor's events. */
        void store(Event event) {
            TimeKey key = new TimeKey(event.timestamp(), event.id());
            events.put(key, event);
            eventsByVisitor.computeIfAbsent(event.visitorId(), v -> new ConcurrentSkipListMap<>()).put(key, event);
        }

        /** Keeps the indexes of a visitor whose state goes from {@code current} (null: new) to {@code next}. */
        void reindex(VisitorState current, VisitorState next) {
            reindexProfileEmail(current, next);
            Instant before = current == null ? null : current.lastPageviewAt();
            Instant after = next.lastPageviewAt();
            if (Objects.equals(before, after)) {
                return;
            }
            if (after != null) {
                byLastPageview.add(new TimeKey(after, next.visitorId()));
            }
            if (before != null) {
                byLastPageview.remove(new TimeKey(before, next.visitorId()));
            }
        }

        private void reindexProfileEmail(VisitorState current, VisitorState next) {
            String before = current == null ? null : profileEmail(current);
            String after = profileEmail(next);
            if (Objects.equals(before, after)) {
                return;
            }
            if (after != null) {
                visitorsByProfileEmail.computeIfAbsent(after, e -> ConcurrentHashMap.newKeySet()).add(next.visitorId());
            }
            if (before != null) {
                visitorsByProfileEmail.computeIfPresent(before, (e, ids) -> {
                    ids.remove(next.visitorId());
                    return ids.isEmpty() ? null : ids;
                });
            }
        }
    }

    /** The website's, made on first use. */
    Site site(String websiteId) {
        return sites.computeIfAbsent(websiteId, id -> new Site());
    }

    /** The website's, or null when nothing was stored for it. */
    Site existing(String websiteId) {
        return sites.get(websiteId);
    }

    /** The lower-cased email of the visitor's profile, or null. */
    static String profileEmail(VisitorState state) {
        String email = state.profile().fields().get("email");
        return email == null || email.isBlank() ? null : email.toLowerCase(Locale.ROOT);
    }

    /** {@code next}, checked to be the state of the same visitor of the same website. */
    static VisitorState checkedUpdate(VisitorState next, String websiteId, String visitorId) {
        Objects.requireNonNull(next, "an update must return a state");
        if (!next.websiteId().equals(websiteId) || !next.visitorId().equals(visitorId)) {
            throw new IllegalArgumentException("an update may not move a visitor to another website or id");
        }
        return next;
    }
}
