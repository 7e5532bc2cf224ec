package dev.meridian.postgres;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What group commit does, as Micrometer meters (docs/operations.md): events per committed transaction
 * ({@value #BATCH_SIZE}), how long an event waited from being queued until its transaction committed
 * ({@value #WAIT}) and how many events are queued now ({@value #QUEUE}). The meters are made once; recording is a
 * few adder increments on the writer thread, never on the caller's.
 */
final class GroupCommitMetrics {

    static final String BATCH_SIZE = "meridian.group.commit.batch.size";
    static final String WAIT = "meridian.group.commit.wait";
    static final String QUEUE = "meridian.group.commit.queue";

    /** Records nothing: storage opened without a registry. */
    static final GroupCommitMetrics NONE = new GroupCommitMetrics(null, null);

    private final DistributionSummary batchSize;
    private final Timer wait;

    private GroupCommitMetrics(DistributionSummary batchSize, Timer wait) {
        this.batchSize = batchSize;
        this.wait = wait;
    }

    /** The meters in {@code registry}; {@code queued} reads the queue depth of {@code writer} when scraped. */
    static <T> GroupCommitMetrics register(MeterRegistry registry, T writer, ToDoubleFunction<T> queued) {
        Gauge.builder(QUEUE, writer, queued)
                .description("Events queued for group commit, not yet taken by a writer")
                .baseUnit("events")
                .register(registry);
        DistributionSummary batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Events committed per group-commit transaction")
                .baseUnit("events")
                .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 250, 500)
                .register(registry);
        Timer wait = Timer.builder(WAIT)
                .description("Time from queueing an event until its group-commit transaction committed")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
        return new GroupCommitMetrics(batchSize, wait);
    }

    /** A transaction committed {@code events} events. */
    void committed(int events) {
        if (batchSize != null) {
            batchSize.record(events);
        }
    }

    /** An event queued at {@code queuedAt} ({@link System#nanoTime()}) is committed as of {@code now}. */
    void waited(long queuedAt, long now) {
        if (wait != null) {
            wait.record(now - queuedAt, TimeUnit.NANOSECONDS);
        }
    }
}
