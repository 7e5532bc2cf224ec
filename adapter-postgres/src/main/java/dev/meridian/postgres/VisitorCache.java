package dev.meridian.postgres;

import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.model.VisitorState;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The visitor rows one group-commit writer committed, each with its row version ({@code xmin}: the transaction that
 * wrote it), so that a batch can apply its events on them without reading them first and write them with
 * {@link VisitorRows#UPDATE_UNCHANGED}, which updates a row only while its version is still the cached one. Any other
 * write of the row (another node's writer, identify, a payment, an import, an operator's SQL) gives it another
 * {@code xmin}: the conditional update then misses it and the batch is rolled back and run again on the rows read
 * with {@link VisitorRows#lockWithVersions}. A hint, never the truth: an entry is only ever compared with the stored
 * row's version.
 * <p>
 * Bounded: the {@value #MAX_ENTRIES} most recently used visitors, each for at most {@link #MAX_AGE} (so a version
 * cannot be compared with a transaction id PostgreSQL has since wrapped around to). Used by one writer thread only:
 * not thread-safe, but for {@link #clearSoon}.
 */
final class VisitorCache {

    /** About 1.5 kB each (a 40-field state): some 15 MB per writer at most. */
    static final int MAX_ENTRIES = 10_000;
    static final Duration MAX_AGE = Duration.ofMinutes(30);

    private final int maxEntries;
    private final long maxAgeNanos;
    private final Map<VisitorKey, Entry> entries;
    /**
     * Whether a visitor this writer has not cached is taken to be new (inserted without reading first): true until a
     * read finds stored rows of uncached visitors (after a restart, another node's visitors, evicted ones), and again
     * once a read finds none.
     */
    private boolean missesAreNew = true;
    /** Set by {@link #clearSoon} on another thread; the owner clears at its next {@link #clearIfAsked}. */
    private volatile boolean clearAsked;

    VisitorCache() {
        this(MAX_ENTRIES, MAX_AGE);
    }

    VisitorCache(int maxEntries, Duration maxAge) {
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<VisitorKey, Entry> eldest) {
                return size() > VisitorCache.this.maxEntries;
            }
        };
    }

    /** The row as this writer last committed it, or null (never cached, evicted, or older than the maximum age). */
    Entry get(VisitorKey key, long nowNanos) {
        Entry entry = entries.get(key);
        if (entry != null && nowNanos - entry.committedAt > maxAgeNanos) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /** The row {@code state} as committed by the transaction of id {@code version}. */
    void put(VisitorState state, String version, long nowNanos) {
        entries.put(new VisitorKey(state.websiteId(), state.visitorId()), new Entry(state, version, nowNanos));
    }

    void forget(Collection<VisitorKey> keys) {
        keys.forEach(entries::remove);
    }

    void clear() {
        entries.clear();
    }

    /** Asks the owning writer to forget every entry before its next batch (any thread may call this). */
    void clearSoon() {
        clearAsked = true;
    }

    /** On the owning writer, before a batch: clears the cache if {@link #clearSoon} was called since. */
    void clearIfAsked() {
        if (clearAsked) {
            clearAsked = false;
            entries.clear();
        }
    }

    int size() {
        return entries.size();
    }

    boolean missesAreNew() {
        return missesAreNew;
    }

    /** What a read of the rows of uncached visitors found: whether any of them was stored. */
    void readUncached(boolean anyStored) {
        missesAreNew = !anyStored;
    }

    /** A cached row: its state, its version ({@code xmin} as text) and when it committed ({@link System#nanoTime()}). */
    record Entry(VisitorState state, String version, long committedAt) {
    }
}
