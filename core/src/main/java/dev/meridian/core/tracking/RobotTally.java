package dev.meridian.core.tracking;

import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.RobotCounts;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Robot requests per website and UTC day, and the visitor ids of robots' pageviews. Robots are answered but never
 * stored as events, so these counts and ids are all that is kept of them (the ids let the visitors API tell a robot
 * from an unknown visitor, API.md §9.1).
 *
 * <p>Counting costs the request one map update in memory (two for a pageview with a visitor id); {@link #flush()} adds
 * what was counted and the visitors seen to the {@link RobotCounts} port ({@link #flushEvery} runs it periodically). A flush that fails keeps its counts
 * and adds them with the next one, so an outage of the storage loses no count. Reads add the counts not stored yet to
 * the stored ones, so a robot shows the moment it is counted.
 */
public final class RobotTally implements CountRobots {

    /** How often {@code Meridian} stores its counts unless told otherwise. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);

    /**
     * Robot visitor ids kept between two stored flushes: a robot flood with a new id on every request costs this
     * process at most this many entries (a few MB), and the storage one small row per id, less than a human pageview.
     */
    static final int MAX_VISITORS = 50_000;

    private static final System.Logger LOG = System.getLogger(RobotTally.class.getName());

    private final RobotCounts stored;
    private final Clock clock;
    /**
     * Counted since the last flush took them. A {@code ConcurrentHashMap} rather than a {@code LongAdder} per key:
     * the flush must take a key's count and remove the key in one atomic step ({@code remove}), or an increment
     * landing on an adder the flush already summed and dropped would be lost.
     */
    private final ConcurrentMap<RobotDay, Long> counted = new ConcurrentHashMap<>();
    /** Taken by a flush that has not been stored yet (the storage failed). Guarded by {@code this}. */
    private final Map<RobotDay, Long> unstored = new HashMap<>();
    /** Robot visitors seen since the last flush took them, with the time last seen; at most {@link #MAX_VISITORS}. */
    private final ConcurrentMap<RobotVisitor, Instant> seen = new ConcurrentHashMap<>();
    /** Taken by a flush that has not been stored yet. Guarded by {@code this}; at most {@link #MAX_VISITORS}. */
    private final Map<RobotVisitor, Instant> unstoredVisitors = new HashMap<>();
    /** Flushes failed in a row. Guarded by {@code this}. */
    private int failedFlushes;

    public RobotTally(RobotCounts stored, Clock clock) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One robot request now (by the clock). */
    public void count(String websiteId) {
        count(websiteId, clock.now());
    }

    /**
     * One robot pageview now, carrying {@code visitorId}: counted, and the id remembered (the latest time), so the
     * visitors API answers "robot" for it. Between two flushes at most {@link #MAX_VISITORS} ids are kept: a flood of
     * robot pageviews with new ids is still counted, but ids beyond that are not remembered.
     */
    public void countPageview(String websiteId, String visitorId) {
        Instant now = clock.now();
        count(websiteId, now);
        RobotVisitor visitor = new RobotVisitor(websiteId, visitorId);
        if (seen.size() < MAX_VISITORS || seen.containsKey(visitor)) {
            seen.merge(visitor, now, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Whether a robot's pageview carried this visitor id on this website: remembered here or stored. */
    @Override
    public boolean isRobotVisitor(String websiteId, String visitorId) {
        RobotVisitor visitor = new RobotVisitor(websiteId, visitorId);
        if (seen.containsKey(visitor)) {
            return true;
        }
        synchronized (this) {
            if (unstoredVisitors.containsKey(visitor)) {
                return true;
            }
        }
        return stored.isRobotVisitor(websiteId, visitorId);
    }

    /** One robot request that arrived at {@code at} (an imported line's timestamp). */
    public void count(String websiteId, Instant at) {
        counted.merge(new RobotDay(websiteId, utcDay(at)), 1L, Long::sum);
    }

    /** Stored counts plus those not stored yet; today is the clock's UTC day. */
    @Override
    public synchronized RobotCount robotsOf(String websiteId) {
        LocalDate today = utcDay(clock.now());
        return stored.count(websiteId, today)
                .plus(sum(unstored, websiteId, today))
                .plus(sum(counted, websiteId, today));
    }

    /**
     * Adds every count not stored yet to the port in one call. On failure (storage down) the counts stay here, logged
     * once per outage, and the next flush adds them.
     *
     * @return whether everything counted before this call is stored now
     */
    public synchronized boolean flush() {
        for (RobotDay day : counted.keySet()) {
            Long count = counted.remove(day);
            if (count != null) {
                unstored.merge(day, count, Long::sum);
            }
        }
        for (RobotVisitor visitor : seen.keySet()) {
            Instant at = seen.remove(visitor);
            if (at != null && (unstoredVisitors.size() < MAX_VISITORS || unstoredVisitors.containsKey(visitor))) {
                unstoredVisitors.merge(visitor, at, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (unstored.isEmpty() && unstoredVisitors.isEmpty()) {
            return true;
        }
        try {
            if (!unstored.isEmpty()) {
                stored.add(Map.copyOf(unstored));
                unstored.clear();
            }
            if (!unstoredVisitors.isEmpty()) {
                stored.rememberVisitors(Map.copyOf(unstoredVisitors));
                unstoredVisitors.clear();
            }
        } catch (RuntimeException e) {
            if (failedFlushes++ == 0) {
                LOG.log(Level.WARNING, "could not store robot counts, keeping them to try again: {0}", e.toString());
            }
            return false;
        }
        if (failedFlushes > 0) {
            LOG.log(Level.INFO, "robot counts stored again after {0} failed attempts", failedFlushes);
            failedFlushes = 0;
        }
        return true;
    }

    /**
     * Flushes this tally every {@code interval} on {@code scheduler} (its owner's, {@code Meridian}'s) until
     * {@link Flushing#stop()}. The scheduled task holds the tally weakly: a tally nobody uses any more stops being
     * flushed (and its last counts are lost unless stopped first), so an owner that is never closed leaks no tally.
     */
    public Flushing flushEvery(Duration interval, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(scheduler, "scheduler");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive, got " + interval);
        }
        PeriodicFlush task = new PeriodicFlush(new WeakReference<>(this));
        long millis = Math.max(1, interval.toMillis());
        task.schedule = scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        return new Flushing(this, task.schedule);
    }

    private static RobotCount sum(Map<RobotDay, Long> counts, String websiteId, LocalDate today) {
        long total = 0;
        long onToday = 0;
        for (Map.Entry<RobotDay, Long> entry : counts.entrySet()) {
            if (entry.getKey().websiteId().equals(websiteId)) {
                total += entry.getValue();
                if (entry.getKey().day().equals(today)) {
                    onToday += entry.getValue();
                }
            }
        }
        return new RobotCount(total, onToday);
    }

    private static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The periodic flush of one tally; {@link #stop()} ends it with a last flush. */
    public static final class Flushing {

        private final RobotTally tally;
        private final ScheduledFuture<?> schedule;

        private Flushing(RobotTally tally, ScheduledFuture<?> schedule) {
            this.tally = tally;
            this.schedule = schedule;
        }

        /**
         * Ends the periodic flush and flushes once more (a flush running now finishes first); the tally keeps counting
         * in memory. Safe to call more than once.
         *
         * @return whether every count is stored
         */
        public boolean stop() {
            schedule.cancel(false);
            boolean flushed = tally.flush();
            if (!flushed) {
                LOG.log(Level.WARNING, "robot counts not stored at shutdown: the storage failed");
            }
            return flushed;
        }
    }

    private static final class PeriodicFlush implements Runnable {

        private final WeakReference<RobotTally> tally;
        private volatile ScheduledFuture<?> schedule;

        PeriodicFlush(WeakReference<RobotTally> tally) {
            this.tally = tally;
        }

        @Override
        public void run() {
            RobotTally live = tally.get();
            if (live != null) {
                live.flush();
            } else if (schedule != null) {
                schedule.cancel(false);
            }
        }
    }
}
