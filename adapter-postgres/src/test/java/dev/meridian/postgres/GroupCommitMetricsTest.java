package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.VisitorState;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The group-commit and pool meters of a storage opened with a registry (docs/operations.md). */
class GroupCommitMetricsTest {

    private static final String SITE = "cccccccccccccccccccccccc";

    @Test
    void everyCommittedEventIsTimedAndEveryTransactionCountsItsEvents() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedDatabase db = TestDatabase.server();
        TestDatabase.storage(); // the schema, migrated once by the shared storage
        int events = 200;
        try (PostgresStorage storage = PostgresStorage.open(
                StorageSettings.external(db.jdbcUrl(), db.user(), db.password()))) {
            storage.bindMetrics(registry);
            ExecutorService callers = Executors.newFixedThreadPool(16);
            try {
                List<Future<VisitorState>> appended = new ArrayList<>();
                Instant at = Instant.now();
                for (int i = 0; i < events; i++) {
                    String visitor = "metrics-" + System.nanoTime() + "-" + i;
                    Event event = new Event(String.format("%024x", System.nanoTime() + i), SITE, visitor,
                            "s-" + visitor, EventType.PAGEVIEW, at, "/p", null, null, Map.of());
                    appended.add(callers.submit(() -> storage.eventLog().append(event, current -> new VisitorState(
                            SITE, visitor, at, at, at, "s-" + visitor, at, 1, "/p", null, null, null, null, null,
                            null, null))));
                }
                for (Future<VisitorState> f : appended) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdown();
            }

            DistributionSummary batches = registry.get(GroupCommitMetrics.BATCH_SIZE).summary();
            assertThat(batches.totalAmount()).isEqualTo(events);
            assertThat(batches.count()).isBetween(1L, (long) events);
            assertThat(batches.max()).isLessThanOrEqualTo(500);
            Timer waits = registry.get(GroupCommitMetrics.WAIT).timer();
            assertThat(waits.count()).isEqualTo(events);
            assertThat(waits.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            Gauge queue = registry.get(GroupCommitMetrics.QUEUE).gauge();
            assertThat(queue.value()).isZero();
            assertThat(registry.get("hikaricp.connections").tag("pool", "meridian").gauge().value())
                    .isPositive();
        }
    }

    @Test
    void theQueueGaugeCountsEventsNotYetTakenByAWriter() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch databaseAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a database that hangs until released, then refuses: the writer holds its first event meanwhile
        DataSource hanging = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        databaseAsked.countDown();
                        release.await();
                        throw new SQLException("connection refused", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (GroupCommitWriter writer = new GroupCommitWriter(hanging, new EventPartitions(hanging), 1, 1,
                Duration.ofSeconds(30))) {
            writer.bindMetrics(GroupCommitMetrics.register(registry, writer, GroupCommitWriter::queued));
            Gauge queue = registry.get(GroupCommitMetrics.QUEUE).gauge();
            assertThat(queue.value()).isZero();
            List<Future<?>> appends = new ArrayList<>();
            appends.add(callers.submit(() -> append(writer, "first")));
            assertThat(databaseAsked.await(10, TimeUnit.SECONDS)).isTrue();
            appends.add(callers.submit(() -> append(writer, "second")));
            appends.add(callers.submit(() -> append(writer, "third")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queue.value() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(queue.value()).isEqualTo(2);

            release.countDown();
            for (Future<?> append : appends) {
                assertThatThrownBy(() -> append.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StorageUnavailableException.class);
            }
            assertThat(queue.value()).isZero();
            // nothing was committed, so nothing was timed or counted as a batch
            assertThat(registry.get(GroupCommitMetrics.WAIT).timer().count()).isZero();
            assertThat(registry.get(GroupCommitMetrics.BATCH_SIZE).summary().count()).isZero();
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    private static VisitorState append(GroupCommitWriter writer, String visitor) {
        Instant at = Instant.now();
        Event event = new Event(String.format("%024x", System.nanoTime()), SITE, visitor, "s-" + visitor,
                EventType.PAGEVIEW, at, "/p", null, null, Map.of());
        return writer.append(event, current -> new VisitorState(SITE, visitor, at, at, at, "s-" + visitor, at, 1,
                "/p", null, null, null, null, null, null, null));
    }
}
