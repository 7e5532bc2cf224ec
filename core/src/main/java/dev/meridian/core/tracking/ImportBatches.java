package dev.meridian.core.tracking;

import dev.meridian.core.revenue.ImportedPayments;
import dev.meridian.core.tracking.LineRecord.EventLine;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.ImportSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An import's batches and the writer threads that store them. Events collect until {@link #flush}, which hands the
 * batch (its events in timestamp order, ties in line order, then its payments) to a writer thread, after the
 * previous batch has been written: reading the next batch and storing this one overlap, and at most one batch waits.
 * A batch's events are stored in up to {@code writers} parts at once, each visitor's events in one part (so each
 * visitor's events apply in order; each part is one atomic {@link ImportSink#appendAll}, as a smaller batch would
 * be), then its payments through {@link ImportedPayments}.
 *
 * <p>A batch's failure is thrown to the caller at the next {@link #flush} or {@link #awaitWritten}; batches written
 * before stay. {@link #close} waits for the batch being written and stops the threads. One per import: the methods
 * are called from the import's thread only.
 */
final class ImportBatches implements AutoCloseable {

    /** A batch is split only into parts of at least this many events (small batches gain nothing). */
    static final int MIN_EVENTS_PER_WRITER = 1_000;

    private final Website website;
    private final ImportSink sink;
    private final ImportedPayments payments;
    private final SessionRule sessionRule;
    private final int writers;
    private final ExecutorService writer;

    private final List<EventLine> pendingEvents = new ArrayList<>();
    /** The batch's events by id and payments; handed to the writer thread as they are, then replaced. */
    private Map<String, EventLine> pendingById = new HashMap<>();
    private List<Payment> pendingPayments = new ArrayList<>();
    /** The batch the writer thread is writing, or {@code null}. */
    private Future<Written> writing;
    /** Told after a batch stored anything (the website's realtime map changed). */
    private final Runnable stored;

    private long eventsStored;
    private long paymentsStored;
    private long alreadyStored;

    ImportBatches(Website website, ImportSink sink, ImportedPayments payments, SessionRule sessionRule, int writers,
            Runnable stored) {
        this.website = website;
        this.stored = stored;
        this.sink = sink;
        this.payments = payments;
        this.sessionRule = sessionRule;
        this.writers = writers;
        this.writer = Executors.newFixedThreadPool(writers, r -> {
            Thread thread = new Thread(r, "meridian-import-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Adds an event to the batch, unless the batch holds one with its id (the same line twice): then counted as stored before. */
    void add(EventLine line) {
        if (pendingById.putIfAbsent(line.event().id(), line) != null) {
            alreadyStored++;
            return;
        }
        pendingEvents.add(line);
    }

    void add(Payment payment) {
        pendingPayments.add(payment);
    }

    int pendingEvents() {
        return pendingEvents.size();
    }

    long eventsStored() {
        return eventsStored;
    }

    long paymentsStored() {
        return paymentsStored;
    }

    /** Accepted records stored before: by an earlier import, earlier in this one, or a payment's transaction id seen before. */
    long alreadyStored() {
        return alreadyStored;
    }

    /** Hands the batch to the writer, after the previous batch has been written. */
    void flush() {
        if (pendingEvents.isEmpty() && pendingPayments.isEmpty()) {
            return;
        }
        awaitWritten();
        pendingEvents.sort(Comparator.comparing((EventLine p) -> p.event().timestamp())
                .thenComparingLong(EventLine::lineNumber));
        List<Event> events = new ArrayList<>(pendingEvents.size());
        for (EventLine p : pendingEvents) {
            events.add(p.event());
        }
        Map<String, EventLine> byId = pendingById;
        List<Payment> batchPayments = pendingPayments;
        pendingEvents.clear();
        pendingById = new HashMap<>();
        pendingPayments = new ArrayList<>();
        writing = writer.submit(() -> write(events, byId, batchPayments));
    }

    /** Waits for the batch being written, if any, and counts what it stored; its failure is thrown here. */
    void awaitWritten() {
        if (writing == null) {
            return;
        }
        Future<Written> batch = writing;
        writing = null;
        Written written = await(batch);
        eventsStored += written.eventsStored;
        alreadyStored += written.alreadyStored;
        paymentsStored += written.paymentsStored;
    }

    /** Lets the batch being written finish (after a failure, ignoring its outcome), then stops the writer threads. */
    @Override
    public void close() {
        try {
            if (writing != null) {
                try {
                    awaitWritten();
                } catch (RuntimeException | Error ignored) {
                    // the failure already on its way to the caller is the one that counts
                }
            }
        } finally {
            writer.shutdown();
        }
    }

    /**
     * Runs on a writer thread: the batch's events, split by visitor into up to {@code writers} parts stored at once
     * (each part one {@link ImportSink#appendAll}), then its payments.
     */
    private Written write(List<Event> events, Map<String, EventLine> byId, List<Payment> batchPayments) {
        ImportSink.ImportedVisitorUpdate update = (current, ofVisitor) -> apply(byId, current, ofVisitor);
        List<List<Event>> parts = byVisitor(events, Math.min(writers, events.size() / MIN_EVENTS_PER_WRITER));
        List<Future<List<Event>>> others = new ArrayList<>();
        for (List<Event> part : parts.subList(1, parts.size())) {
            others.add(writer.submit(() -> sink.appendAll(website.id(), part, update)));
        }
        List<Event> written = new ArrayList<>();
        RuntimeException failed = null;
        try {
            if (!parts.get(0).isEmpty()) {
                written.addAll(sink.appendAll(website.id(), parts.get(0), update));
            }
        } catch (RuntimeException e) {
            failed = e;
        }
        for (Future<List<Event>> other : others) {
            try {
                written.addAll(await(other)); // every part has ended before the batch's outcome is known
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        long paid = payments.recordAll(website, batchPayments);
        if (!written.isEmpty() || paid > 0) {
            stored.run();
        }
        return new Written(written.size(), events.size() - written.size() + batchPayments.size() - paid, paid);
    }

    /** A visitor's state after the batch's events of it, in order, with live tracking's rules. */
    private VisitorState apply(Map<String, EventLine> byId, Optional<VisitorState> current, List<Event> stored) {
        VisitorState state = current.orElse(null);
        for (Event event : stored) {
            Observation seen = byId.get(event.id()).seen();
            state = state == null ? seen.firstOf(event.websiteId(), event.visitorId()) : seen.applyTo(state, sessionRule);
        }
        return state;
    }

    /** The events in {@code count} parts (at least one), each visitor's events in one part, in the order given. */
    static List<List<Event>> byVisitor(List<Event> events, int count) {
        int parts = Math.max(1, count);
        List<List<Event>> split = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>(events.size() / parts + 16));
        }
        for (Event event : events) {
            split.get(parts == 1 ? 0 : Math.floorMod(event.visitorId().hashCode(), parts)).add(event);
        }
        return split;
    }

    /**
     * Waits for a batch or part handed to a writer thread; its failure is rethrown here, as if it had been written on
     * the calling thread.
     */
    private static <T> T await(Future<T> written) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is being written; its outcome decides what the caller learns
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What writing one batch did. */
    private record Written(long eventsStored, long alreadyStored, long paymentsStored) {
    }
}
