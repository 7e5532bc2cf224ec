package dev.meridian.core;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one {@link Meridian}: one that stores robot counts periodically, one that rebuilds conversion models
 * (unless the builder is given an executor). Each is a daemon named {@code meridian-<instance>-<job>}, started on
 * first use, and {@link #stop()} ends both. A thread idle for a minute ends too, and the robot-count task holds its
 * tally weakly (see {@code RobotTally.flushEvery}), so an instance that is dropped without being closed leaves no
 * thread behind for long.
 */
final class OwnThreads {

    private static final System.Logger LOG = System.getLogger(OwnThreads.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long KEEP_ALIVE_SECONDS = 60;
    /** How long {@link #stop()} lets a running task (a model rebuild, a flush) finish before interrupting it. */
    static final long STOP_GRACE_SECONDS = 10;

    private final String name;
    private final ScheduledThreadPoolExecutor robotFlushes;
    private final ThreadPoolExecutor modelBuilds;
    /** Every thread started and not seen ended yet, so {@link #stop()} can wait for their very end. */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    OwnThreads() {
        this.name = "meridian-" + INSTANCES.incrementAndGet();
        this.robotFlushes = new ScheduledThreadPoolExecutor(1, named("robot-counts"));
        robotFlushes.setRemoveOnCancelPolicy(true);
        robotFlushes.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        // a scheduled flush keeps its thread: a worker never times out while a task waits in the queue
        robotFlushes.allowCoreThreadTimeOut(true);
        this.modelBuilds = new ThreadPoolExecutor(1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named("model-builds"));
        modelBuilds.allowCoreThreadTimeOut(true);
    }

    /** {@code meridian-<n>}: the prefix of every thread of this instance. */
    String name() {
        return name;
    }

    ScheduledExecutorService robotFlushes() {
        return robotFlushes;
    }

    Executor modelBuilds() {
        return modelBuilds;
    }

    /**
     * Accepts no more tasks, lets running ones finish for up to {@value #STOP_GRACE_SECONDS} seconds, then interrupts
     * them and waits (as long again) until every thread of this instance has ended. Idempotent.
     */
    void stop() {
        robotFlushes.shutdown();
        modelBuilds.shutdown();
        if (!awaitEnd(TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS))) {
            LOG.log(Level.WARNING, "{0}: a background task outlived the close grace period; interrupting it", name);
            robotFlushes.shutdownNow();
            modelBuilds.shutdownNow();
            if (!awaitEnd(TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS))) {
                LOG.log(Level.WARNING, "{0}: a background task ignores interruption and still runs", name);
            }
        }
    }

    /** Whether both executors terminated and every thread they started has ended, within {@code nanos}. */
    private boolean awaitEnd(long nanos) {
        long deadline = System.nanoTime() + nanos;
        try {
            if (!robotFlushes.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)
                    || !modelBuilds.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                return false;
            }
            // a terminated executor's last worker may still be returning from its run()
            for (Thread thread : started) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining(deadline));
                if (thread.isAlive()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private ThreadFactory named(String job) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + job + (count.getAndIncrement() == 0 ? "" : "-" + count));
            thread.setDaemon(true);
            started.removeIf(ended -> !ended.isAlive());
            started.add(thread);
            return thread;
        };
    }
}
