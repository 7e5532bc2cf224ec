package dev.meridian.postgres;

import dev.meridian.postgres.VisitorRows.Stored;
import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for {@link dev.meridian.ports.out.EventLog#append}: callers queue their event and wait (or, with
 * {@link #appendAsync}, take a future and return); a few writer threads each take everything queued for them and
 * write it in one transaction, then complete the callers' futures once it has committed. A visitor always goes to the same writer, and inside a batch the
 * events of one visitor apply in arrival order on top of each other, on the visitor's row as this writer committed it
 * ({@link VisitorCache}, written back only if no one else wrote it since) or, for a visitor it has not cached, on no
 * row (a new visitor); when that fails (the row was written or inserted elsewhere), and whenever uncached visitors
 * recently turned out to be stored, on the rows read and locked with {@code SELECT … FOR UPDATE}. Each transaction
 * notifies its websites' map changes ({@link MapNotifications}) before it commits, in the same round trip as its
 * writes: a batch is one round trip, or two when it reads.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_ATTEMPTS = 5;
    /** check_violation: raised for a row that no partition takes. */
    private static final String NO_PARTITION = "23514";
    /** How often queued and in-flight events are checked against the caller timeout (at most a tenth of it). */
    private static final Duration EXPIRY_PERIOD = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final EventPartitions partitions;
    private final int maxBatch;
    private final Duration callerTimeout;
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Per writer: the batch it is writing (empty between batches), for {@link #expireOverdue()}. */
    private final List<AtomicReference<List<Pending>>> writing = new ArrayList<>();
    /** Per writer: the visitor rows it committed. */
    private final List<VisitorCache> caches = new ArrayList<>();
    /** Fails the futures of {@link #appendAsync} callers whose event is not confirmed within the caller timeout. */
    private final ScheduledExecutorService expiry;
    /** Read once per committed transaction, by the writer threads. */
    private volatile GroupCommitMetrics metrics = GroupCommitMetrics.NONE;
    private volatile boolean closed;

    GroupCommitWriter(DataSource dataSource, EventPartitions partitions, int writerThreads, int maxBatch,
            Duration callerTimeout) {
        if (writerThreads < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("writer threads and batch size must be >= 1");
        }
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.maxBatch = maxBatch;
        this.callerTimeout = callerTimeout;
        for (int i = 0; i < writerThreads; i++) {
            BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(maxBatch * 64);
            queues.add(queue);
            AtomicReference<List<Pending>> inFlight = new AtomicReference<>(List.of());
            writing.add(inFlight);
            VisitorCache cache = new VisitorCache();
            caches.add(cache);
            Thread writer = new Thread(() -> run(queue, inFlight, cache), "meridian-event-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meridian-event-expiry");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, Math.min(EXPIRY_PERIOD.toMillis(), callerTimeout.toMillis() / 10));
        expiry.scheduleWithFixedDelay(this::expireOverdue, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues the event and blocks until its transaction committed (or failed), at most the caller timeout: then the
     * event is not taken back, and {@link StorageUnavailableException#mayHaveBeenStored()} says it may still commit.
     */
    VisitorState append(Event event, VisitorUpdate update) {
        if (closed) {
            throw new StorageUnavailableException("storage is shutting down", null);
        }
        Pending pending = new Pending(event, update, new CompletableFuture<>(), System.nanoTime());
        BlockingQueue<Pending> queue = queueOf(event);
        boolean queued = false;
        try {
            if (!queue.offer(pending, callerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageUnavailableException("storage is overloaded: event queue full", null);
            }
            queued = true;
            return pending.result.get(callerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // once queued, the event is written whether or not its caller still waits
            throw new StorageUnavailableException("interrupted while waiting for storage"
                    + (queued ? "; the event may still be stored" : ""), e, queued);
        } catch (TimeoutException e) {
            // the event stays queued (or in a transaction under way): it may still commit after the caller gave up
            throw new StorageUnavailableException("storage did not confirm the event within " + callerTimeout
                    + "; it may still be stored", e, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Queues the event without waiting and returns its future: completed with the visitor's new state once its
     * transaction committed, or exceptionally with the failure. Never blocks: a full queue fails the future at once
     * ("overloaded"), and an event not confirmed within the caller timeout fails it with a
     * {@link StorageUnavailableException} that {@link StorageUnavailableException#mayHaveBeenStored() may have been
     * stored}. The future completes on a writer thread (or the expiry thread): its dependants should be short.
     */
    CompletableFuture<VisitorState> appendAsync(Event event, VisitorUpdate update) {
        if (closed) {
            return CompletableFuture.failedFuture(new StorageUnavailableException("storage is shutting down", null));
        }
        Pending pending = new Pending(event, update, new CompletableFuture<>(), System.nanoTime());
        if (!queueOf(event).offer(pending)) {
            return CompletableFuture.failedFuture(
                    new StorageUnavailableException("storage is overloaded: event queue full", null));
        }
        return pending.result;
    }

    /** A visitor's events always go to the same writer, so they apply in the order they were queued. */
    private BlockingQueue<Pending> queueOf(Event event) {
        return queues.get(
                Math.floorMod(new VisitorKey(event.websiteId(), event.visitorId()).hashCode(), queues.size()));
    }

    /**
     * Fails the futures of events queued longer ago than the caller timeout, queued or in a transaction under way
     * (which may still commit them: the failure says so). A blocking caller has given up by then already.
     */
    private void expireOverdue() {
        long now = System.nanoTime();
        long timeout = callerTimeout.toNanos();
        for (int i = 0; i < queues.size(); i++) {
            expire(writing.get(i).get(), now, timeout);
            expire(queues.get(i), now, timeout);
        }
    }

    private void expire(Iterable<Pending> pendings, long now, long timeout) {
        for (Pending p : pendings) {
            if (now - p.queuedAt > timeout && !p.result.isDone()) {
                p.result.completeExceptionally(new StorageUnavailableException("storage did not confirm the event within "
                        + callerTimeout + "; it may still be stored", null, true));
            }
        }
    }

    private void run(BlockingQueue<Pending> queue, AtomicReference<List<Pending>> inFlight, VisitorCache cache) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                cache.clearIfAsked();
                inFlight.set(List.copyOf(batch));
                write(batch, cache);
            } catch (InterruptedException e) {
                if (!closed) {
                    LOG.warn("event writer interrupted while running");
                }
            } catch (RuntimeException | Error e) {
                LOG.error("event writer failed on a batch", e);
                batch.forEach(p -> p.result.completeExceptionally(e));
            } finally {
                batch.clear();
                inFlight.set(List.of());
            }
        }
    }

    private void write(List<Pending> batch, VisitorCache cache) {
        try {
            partitions.ensureFor(batch.stream().map(p -> p.event.timestamp()).toList());
        } catch (SQLException e) {
            RuntimeException failure = StorageFailures.translate("creating event partitions", e);
            batch.forEach(p -> p.result.completeExceptionally(failure));
            return;
        }
        boolean read = false;
        for (int attempt = 1; ; attempt++) {
            try {
                // a first attempt applies on cached rows where it can; a retry reads every row of the batch
                Map<Pending, Outcome> outcomes = writeInOneTransaction(batch, cache, read || attempt > 1);
                if (outcomes == null) {
                    // an update refused a cached or supposedly new visitor: it is decided on the stored rows only
                    read = true;
                    attempt--;
                    continue;
                }
                recordCommitted(outcomes);
                outcomes.forEach((pending, outcome) -> {
                    if (outcome.failure != null) {
                        pending.result.completeExceptionally(outcome.failure);
                    } else {
                        pending.result.complete(outcome.state);
                    }
                });
                return;
            } catch (SQLException e) {
                // whatever failed, what this writer cached of these visitors may be stale now: read them next time
                cache.forget(keysOf(batch));
                if (StorageFailures.isUnavailable(e)) {
                    // the transaction's outcome is unknown, and the database may come back another one (a restore)
                    cache.clear();
                }
                if ((StorageFailures.isRetryable(e) || insertedConcurrently(e)) && attempt < MAX_ATTEMPTS) {
                    // retryable: includes a cached visitor row written elsewhere (VISITORS_CHANGED);
                    // insertedConcurrently: a visitor taken as new was stored (by another node, or before this
                    // writer cached it): run again on the stored rows
                    continue;
                }
                if (NO_PARTITION.equals(e.getSQLState()) && attempt < MAX_ATTEMPTS) {
                    // a partition this node knew was dropped meanwhile (retention, maybe by another node)
                    try {
                        partitions.forgetAll();
                        partitions.ensureFor(batch.stream().map(p -> p.event.timestamp()).toList());
                        continue;
                    } catch (SQLException again) {
                        e = again;
                    }
                }
                if (!StorageFailures.isUnavailable(e) && batch.size() > 1) {
                    // one bad event must not fail the others: write each alone
                    batch.forEach(p -> write(List.of(p), cache));
                    return;
                }
                RuntimeException failure = StorageFailures.translate("appending events", e);
                batch.forEach(p -> p.result.completeExceptionally(failure));
                return;
            }
        }
    }

    /** The meters of a committed transaction, before its callers are released (who may read them at once). */
    private void recordCommitted(Map<Pending, Outcome> outcomes) {
        GroupCommitMetrics metrics = this.metrics;
        long committedAt = System.nanoTime();
        int committed = 0;
        for (Map.Entry<Pending, Outcome> entry : outcomes.entrySet()) {
            if (entry.getValue().failure == null) {
                metrics.waited(entry.getKey().queuedAt, committedAt);
                committed++;
            }
        }
        if (committed > 0) {
            metrics.committed(committed);
        }
    }

    /**
     * One attempt at the batch: {@code read} reads and locks its visitor rows first, else it applies on cached rows
     * and takes uncached visitors as new (unless uncached visitors recently turned out stored). Null when an update
     * refused (threw on) a row that was not read: the batch must be decided on the stored rows.
     */
    private Map<Pending, Outcome> writeInOneTransaction(List<Pending> batch, VisitorCache cache, boolean read)
            throws SQLException {
        Map<VisitorKey, List<Pending>> byVisitor = new TreeMap<>();
        for (Pending p : batch) {
            byVisitor.computeIfAbsent(new VisitorKey(p.event.websiteId(), p.event.visitorId()), k -> new ArrayList<>())
                    .add(p);
        }
        long now = System.nanoTime();
        Map<VisitorKey, Stored> cached = new TreeMap<>();
        for (VisitorKey key : byVisitor.keySet()) {
            VisitorCache.Entry entry = cache.get(key, now);
            if (entry != null) {
                cached.put(key, new Stored(entry.state(), entry.version()));
            }
        }
        boolean allCached = cached.size() == byVisitor.size();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<VisitorKey, Stored> stored;
                boolean readRows = read || !(allCached || cache.missesAreNew());
                if (!readRows) {
                    // one round trip: the cached rows are written only if unchanged, the others are taken as new
                    stored = cached;
                } else {
                    stored = VisitorRows.lockWithVersions(c, byVisitor.keySet());
                    if (!allCached) {
                        cache.readUncached(stored.keySet().stream().anyMatch(key -> !cached.containsKey(key)));
                    }
                }
                Map<Pending, Outcome> outcomes = new IdentityHashMap<>();
                List<Stored> updated = new ArrayList<>();
                List<VisitorState> inserted = new ArrayList<>();
                for (Map.Entry<VisitorKey, List<Pending>> visitor : byVisitor.entrySet()) {
                    VisitorKey key = visitor.getKey();
                    Stored before = stored.get(key);
                    VisitorState state = before == null ? null : before.state();
                    boolean changed = false;
                    for (Pending p : visitor.getValue()) {
                        try {
                            VisitorState next = p.update.apply(Optional.ofNullable(state));
                            VisitorRows.checkedUpdate(key, next);
                            state = next;
                            changed = true;
                            outcomes.put(p, new Outcome(next, null));
                        } catch (RuntimeException e) {
                            outcomes.put(p, new Outcome(null, e));
                        }
                    }
                    if (!readRows && failed(visitor.getValue(), outcomes)) {
                        c.rollback();
                        return null;
                    }
                    if (changed) {
                        if (before != null) {
                            updated.add(new Stored(state, before.version()));
                        } else {
                            inserted.add(state);
                        }
                    }
                }
                List<Event> events = new ArrayList<>();
                for (Pending p : batch) {
                    if (outcomes.get(p).failure == null) {
                        events.add(p.event);
                    }
                }
                if (events.isEmpty()) {
                    c.rollback();
                    return outcomes;
                }
                String version = writeNotifyAndCommit(c, events, updated, inserted);
                // committed by the flush above (no-op for pgjdbc, which saw the transaction end; clears the pool's state)
                c.commit();
                long committedAt = System.nanoTime();
                updated.forEach(row -> cache.put(row.state(), version, committedAt));
                inserted.forEach(state -> cache.put(state, version, committedAt));
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /**
     * The batch's writes, its map-change notification and its commit, sent together (pgjdbc sends the statements of
     * one prepared statement in one flush, and the server skips what follows a failed one up to the flush's end): one
     * round trip. The writes are one statement: the events, the updated visitor rows (each only if its version is
     * still the one it was read or cached with, {@link VisitorRows#UPDATE_UNCHANGED}) and the new ones, as
     * data-modifying CTEs, empty lists as empty arrays; it ends by checking that every updated row was still
     * unchanged ({@value #VISITORS_CHANGED}, V14: else a serialization failure, before the commit) and by returning the
     * transaction's id, the written rows' new version. A new visitor stored by another transaction (another node, or
     * a visitor this writer had not cached and took as new) fails the insert with a unique violation of
     * {@value #VISITORS_KEY} before the commit: {@link #insertedConcurrently}. Either failure tells {@link #write} to
     * run the batch again on the stored rows.
     */
    private static final String WRITE_NOTIFY_COMMIT = "with new_events as (" + EventRows.INSERT
            + "), updated_visitors as (" + VisitorRows.UPDATE_UNCHANGED + "), new_visitors as ("
            + VisitorRows.INSERT_NEW + ") select " + GroupCommitWriter.VISITORS_CHANGED
            + "(?, (select count(*) from updated_visitors)), txid_current() % 4294967296; "
            + MapNotifications.NOTIFY + "; commit";

    /** The primary key of {@code visitors}, the constraint a concurrently inserted visitor violates. */
    static final String VISITORS_KEY = "visitors_pkey";

    /**
     * The function (V14) that fails the transaction with a serialization failure (40001) when fewer visitor rows were
     * updated than expected: one was written elsewhere since this writer read or cached it.
     */
    static final String VISITORS_CHANGED = "meridian_visitors_unchanged";

    /** Writes, notifies and commits; returns the committed transaction's id (the version of the rows it wrote). */
    private static String writeNotifyAndCommit(Connection c, List<Event> events, List<Stored> updated,
            List<VisitorState> inserted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WRITE_NOTIFY_COMMIT)) {
            int offset = EventRows.bind(c, ps, 0, events);
            offset = VisitorRows.bindUnchanged(c, ps, offset, updated);
            offset = VisitorRows.bindColumns(c, ps, offset, inserted);
            ps.setInt(offset + 1, updated.size());
            ps.setString(offset + 2, MapNotifications.payload(websitesOf(events)));
            ps.execute();
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                return rs.getString(2);
            }
        }
    }

    private static boolean failed(List<Pending> pendings, Map<Pending, Outcome> outcomes) {
        for (Pending p : pendings) {
            if (outcomes.get(p).failure != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes every writer forget the visitor rows it cached before its next batch: for a database whose visitors were
     * removed behind this storage's back (tests that empty the tables). Not needed for correctness (a row written or
     * removed elsewhere fails the conditional update), only so that no update is first applied on a forgotten row.
     */
    void forgetCachedVisitors() {
        caches.forEach(VisitorCache::clearSoon);
    }

    private static List<VisitorKey> keysOf(List<Pending> batch) {
        return batch.stream().map(p -> new VisitorKey(p.event.websiteId(), p.event.visitorId())).toList();
    }

    /** True when {@code e} is a visitor row another transaction inserted since this one found none. */
    static boolean insertedConcurrently(SQLException e) {
        return "23505".equals(e.getSQLState()) && e instanceof PSQLException psql
                && psql.getServerErrorMessage() != null
                && VISITORS_KEY.equals(psql.getServerErrorMessage().getConstraint());
    }

    private static Set<String> websitesOf(List<Event> events) {
        Set<String> websites = new HashSet<>();
        for (Event event : events) {
            websites.add(event.websiteId());
        }
        return websites;
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction is gone with it
        }
    }

    /** From now on, transactions are recorded in {@code metrics}. */
    void bindMetrics(GroupCommitMetrics metrics) {
        this.metrics = metrics;
    }

    /** Events queued and not yet taken by a writer (the queue-depth gauge). */
    int queued() {
        int queued = 0;
        for (BlockingQueue<Pending> queue : queues) {
            queued += queue.size();
        }
        return queued;
    }

    /** Stops taking events, writes what is queued, then stops the writers. */
    @Override
    public void close() {
        closed = true;
        expiry.shutdownNow();
        for (Thread writer : writers) {
            try {
                writer.join(callerTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (BlockingQueue<Pending> queue : queues) {
            Pending left;
            while ((left = queue.poll()) != null) {
                left.result.completeExceptionally(new StorageUnavailableException("storage is shutting down", null));
            }
        }
    }

    /** {@code queuedAt}: {@link System#nanoTime()} when the caller queued it. */
    private record Pending(Event event, VisitorUpdate update, CompletableFuture<VisitorState> result, long queuedAt) {
        // identity semantics: two equal events are still two appends
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private record Outcome(VisitorState state, RuntimeException failure) {
    }
}
