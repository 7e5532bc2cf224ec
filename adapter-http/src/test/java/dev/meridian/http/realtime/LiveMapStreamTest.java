package dev.meridian.http.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.map.MapChanges;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveMapStreamTest {

    private static final String SITE = "65f1c0ffee0000000000abcd";
    private static final Duration MIN_INTERVAL = Duration.ofMillis(300);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MapChanges changes = new MapChanges();
    private final AtomicInteger version = new AtomicInteger();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> failed = new AtomicReference<>();
    private final AtomicInteger mapReads = new AtomicInteger();
    /** Whether the client has asked for another frame; a test's client may stop asking. */
    private final AtomicBoolean clientReads = new AtomicBoolean(true);
    private final LiveMapStream.Client client = new LiveMapStream.Client() {
        @Override
        public boolean wantsFrame() {
            return clientReads.get();
        }

        @Override
        public void send(byte[] frame) {
            frames.add(new String(frame, StandardCharsets.UTF_8));
        }
    };

    @AfterEach
    void stopTimers() {
        scheduler.shutdownNow();
    }

    private LiveMapStream open(Duration heartbeat) {
        LiveMapStream stream = new LiveMapStream(SITE, () -> {
            mapReads.incrementAndGet();
            return "{\"version\":" + version.get() + "}";
        }, client, failed::set,
                new LiveMapStream.Timing(MIN_INTERVAL, heartbeat, Duration.ofHours(1), scheduler, Runnable::run));
        stream.start(changes);
        return stream;
    }

    private List<String> maps() {
        return frames.stream().filter(frame -> frame.startsWith("event: map\n")).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void theMapIsSentAtOnceAsAnEventFrame() throws Exception {
        open(Duration.ofHours(1));

        await(() -> maps().size() == 1);
        assertThat(maps().get(0)).isEqualTo("event: map\ndata: {\"version\":0}\n\n");
    }

    @Test
    void aBurstOfChangesIsCoalescedAndItsLastChangeIsAlwaysPushed() throws Exception {
        long started = System.nanoTime();
        open(Duration.ofHours(1));
        await(() -> maps().size() == 1);

        for (int i = 1; i <= 200; i++) {
            version.set(i);
            changes.publish(SITE);
        }

        await(() -> maps().get(maps().size() - 1).contains("\"version\":200"));
        long elapsedIntervals = (System.nanoTime() - started) / MIN_INTERVAL.toNanos();
        assertThat(maps().size()).as("at most one push per interval, plus the first")
                .isLessThanOrEqualTo((int) elapsedIntervals + 2);
    }

    @Test
    void aClientThatTakesNoFrameCostsNoMapReadsAndGetsOnlyTheNewestMapWhenItAsksAgain() throws Exception {
        LiveMapStream stream = open(Duration.ofHours(1));
        await(() -> maps().size() == 1);
        clientReads.set(false);

        for (int i = 1; i <= 1_000; i++) {
            version.set(i);
            changes.publish(SITE);
            if (i % 100 == 0) {
                Thread.sleep(MIN_INTERVAL.toMillis() / 3); // pushes come due while the client takes nothing
            }
        }
        scheduler.schedule(() -> { }, MIN_INTERVAL.toMillis() + 100, TimeUnit.MILLISECONDS).get();

        assertThat(mapReads.get()).as("maps read while the client took nothing").isEqualTo(1);
        assertThat(maps()).hasSize(1);
        assertThat(stream.pushesHeld()).isPositive();

        clientReads.set(true);
        stream.demanded();

        await(() -> maps().size() == 2);
        assertThat(maps().get(1)).isEqualTo("event: map\ndata: {\"version\":1000}\n\n");
        assertThat(mapReads.get()).isEqualTo(2);
        assertThat(stream.mapsSent()).isEqualTo(2);
    }

    @Test
    void heartbeatsAClientCannotTakeAreSkipped() throws Exception {
        LiveMapStream stream = open(Duration.ofMillis(20));
        await(() -> maps().size() == 1);
        clientReads.set(false);
        scheduler.submit(() -> { }).get(); // a heartbeat begun before has been written (one thread writes all)
        int written = frames.size();

        await(() -> stream.heartbeatsSkipped() >= 5);

        assertThat(frames).hasSize(written);
    }

    @Test
    void heartbeatsAreSseComments() throws Exception {
        open(Duration.ofMillis(50));

        await(() -> frames.contains(": heartbeat\n\n"));
    }

    @Test
    void aClosedStreamUnsubscribesAndWritesNothingMore() throws Exception {
        LiveMapStream stream = open(Duration.ofMillis(50));
        await(() -> maps().size() == 1);

        // every frame is written on the scheduler's one thread (the blocking executor runs inline): closing
        // there means no frame is half-written when the count is taken
        scheduler.submit(stream::close).get();
        int written = frames.size();
        changes.publish(SITE);
        stream.changed(); // a change reported as the stream closed (WatchRealtimeMap allows one)
        // the scheduler runs its tasks in time order: once this one has run, so has any push the changes above
        // could have scheduled (at most MIN_INTERVAL away) and every heartbeat due by then (each 50 ms)
        scheduler.schedule(() -> { }, MIN_INTERVAL.toMillis() + 200, TimeUnit.MILLISECONDS).get();

        assertThat(changes.subscriberCount(SITE)).isZero();
        assertThat(frames).hasSize(written);
    }

    @Test
    void aStreamClosedBeforeItStartsNeverSubscribes() {
        LiveMapStream stream = new LiveMapStream(SITE, () -> "{}", client, failed::set,
                new LiveMapStream.Timing(MIN_INTERVAL, Duration.ofHours(1), Duration.ofHours(1), scheduler,
                        Runnable::run));
        stream.close();
        stream.start(changes);

        assertThat(changes.subscriberCount(SITE)).isZero();
    }

    @Test
    void aMapThatCannotBeReadEndsTheStreamWithTheFailure() throws Exception {
        IllegalStateException storageDown = new IllegalStateException("storage down");
        LiveMapStream stream = new LiveMapStream(SITE, () -> {
            throw storageDown;
        }, client, failed::set,
                new LiveMapStream.Timing(MIN_INTERVAL, Duration.ofHours(1), Duration.ofHours(1), scheduler,
                        Runnable::run));
        stream.start(changes);

        await(() -> failed.get() != null);
        assertThat(failed.get()).isSameAs(storageDown);
        assertThat(changes.subscriberCount(SITE)).isZero();
    }
}
