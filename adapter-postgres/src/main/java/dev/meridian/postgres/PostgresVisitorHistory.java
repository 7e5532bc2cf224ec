package dev.meridian.postgres;

import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorHistory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The visitors API's reads on PostgreSQL: the visitor's row ({@link VisitorRows}, where every read of the
 * {@code visitors} table is written), its events through the {@code events_visitor_hash} index of V13
 * ({@link EventRows}), its payments ({@link PostgresPayments}), on one connection; a list page's count and rows on
 * two connections at the same time ({@link #list}).
 */
final class PostgresVisitorHistory implements VisitorHistory, AutoCloseable {

    /** Counts running beside their page at most at once (each holds a pooled connection while it runs). */
    static final int COUNTING_THREADS = 2;

    private final Database database;
    /**
     * Runs a list's count while the caller reads its page: at most {@link #COUNTING_THREADS} threads (idle ones end
     * after a minute); when they are all busy (or stopped), the caller counts itself before reading its page.
     */
    private final ThreadPoolExecutor counting;

    PostgresVisitorHistory(Database database) {
        this.database = database;
        AtomicInteger threads = new AtomicInteger();
        this.counting = new ThreadPoolExecutor(0, COUNTING_THREADS, 1, TimeUnit.MINUTES, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "meridian-visitor-count-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (count, executor) -> count.run());
    }

    @Override
    public Optional<StoredJourney> journey(String websiteId, String visitorId, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
        return database.read("reading a visitor's journey", c -> {
            Optional<VisitorState> visitor = VisitorRows.find(c, websiteId, visitorId);
            if (visitor.isEmpty() || !visitor.get().hasPageview()) {
                return Optional.empty();
            }
            Event firstPageview = EventRows.firstPageviewOf(c, websiteId, visitorId);
            if (firstPageview == null) {
                return Optional.empty();
            }
            List<Event> events = EventRows.journeyOf(c, websiteId, visitorId, maxEvents);
            EventRows.VisitorTotals totals = EventRows.totalsOf(c, websiteId, visitorId);
            List<Payment> payments = PostgresPayments.ofVisitors(c, websiteId, List.of(visitorId)).get(visitorId);
            return Optional.of(new StoredJourney(visitor.get(), events, totals.pageviews(), firstPageview,
                    totals.lastIdentifiedAt(), payments));
        });
    }

    /**
     * The page's rows and the exact count of the visitors matching the query, read at the same time on two pooled
     * connections: over a million visitors of the period the count is most of the time, the rows (and their landing
     * paths) need not wait for it. They are two statements, two snapshots: a visitor tracked in between can be in the
     * rows and not in the total or the other way round, as it could between two requests of the same list.
     */
    @Override
    public VisitorPage list(VisitorQuery query) {
        Future<Long> total = counting.submit(() -> database.read("counting visitors", c -> VisitorRows.count(c, query)));
        List<VisitorPage.Listed> rows;
        try {
            rows = database.read("listing visitors", c -> VisitorRows.page(c, query));
        } catch (RuntimeException e) {
            total.cancel(true);
            throw e;
        }
        return new VisitorPage(rows, await(total));
    }

    private static long await(Future<Long> total) {
        try {
            return total.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // already translated by Database.read
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("counting visitors failed", e.getCause());
        } catch (InterruptedException e) {
            total.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while counting visitors", e);
        }
    }

    /** Stops the counting threads (a count still running ends with its statement). */
    @Override
    public void close() {
        counting.shutdownNow();
    }
}
