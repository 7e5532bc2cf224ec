package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.TrackingFixture;
import dev.meridian.core.store.InMemoryRobotCounts;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.core.store.TestStorage;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.RobotCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobotTallyTest {

    private static final String SITE = "aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String OTHER_SITE = "bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final LocalDate DAY = LocalDate.of(2026, 2, 6);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-06T12:00:00Z"));
    private final RecordingCounts store = new RecordingCounts();
    private final RobotTally tally = new RobotTally(store, clock);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** In-memory counts that record every add and can be told to fail the next ones. */
    static final class RecordingCounts implements RobotCounts {
        final InMemoryRobotCounts stored = new InMemoryRobotCounts();
        final List<Map<RobotDay, Long>> adds = new ArrayList<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        final CountDownLatch added = new CountDownLatch(1);

        @Override
        public synchronized void add(Map<RobotDay, Long> counts) {
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StorageUnavailableException("storage unavailable", new RuntimeException("connection refused"));
            }
            stored.add(counts);
            adds.add(counts);
            added.countDown();
        }

        @Override
        public RobotCount count(String websiteId, LocalDate today) {
            return stored.count(websiteId, today);
        }

        @Override
        public synchronized void rememberVisitors(Map<RobotVisitor, Instant> lastSeen) {
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StorageUnavailableException("storage unavailable", new RuntimeException("connection refused"));
            }
            stored.rememberVisitors(lastSeen);
        }

        @Override
        public boolean isRobotVisitor(String websiteId, String visitorId) {
            return stored.isRobotVisitor(websiteId, visitorId);
        }
    }

    @Test
    void aCountedRobotIsReadBeforeItIsStored() {
        tally.count(SITE);

        assertThat(store.adds).isEmpty();
        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(1, 1));
    }

    @Test
    void aFlushAddsTheCountsInOneCallAndReadsDoNotCountThemTwice() {
        tally.count(SITE);
        tally.count(SITE);
        tally.count(OTHER_SITE);

        assertThat(tally.flush()).isTrue();

        assertThat(store.adds).containsExactly(Map.of(new RobotDay(SITE, DAY), 2L, new RobotDay(OTHER_SITE, DAY), 1L));
        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(2, 2));
        tally.count(SITE);
        assertThat(tally.robotsOf(SITE)).as("stored + not stored yet").isEqualTo(new RobotCount(3, 3));
    }

    @Test
    void aFlushWithNothingCountedCallsNothing() {
        assertThat(tally.flush()).isTrue();

        assertThat(store.adds).isEmpty();
    }

    @Test
    void aRobotPageviewsVisitorIsKnownBeforeAndAfterTheFlushStoresIt() {
        tally.countPageview(SITE, "bot-1");

        assertThat(tally.robotsOf(SITE)).as("counted too").isEqualTo(new RobotCount(1, 1));
        assertThat(tally.isRobotVisitor(SITE, "bot-1")).as("before the flush").isTrue();
        assertThat(store.isRobotVisitor(SITE, "bot-1")).isFalse();
        assertThat(tally.flush()).isTrue();
        assertThat(store.isRobotVisitor(SITE, "bot-1")).as("stored").isTrue();
        assertThat(tally.isRobotVisitor(SITE, "bot-1")).isTrue();
        assertThat(tally.isRobotVisitor(OTHER_SITE, "bot-1")).isFalse();
    }

    @Test
    void aFailedFlushKeepsTheRobotVisitorsForTheNextOne() {
        tally.countPageview(SITE, "bot-1");
        store.failuresToCome.set(1);

        assertThat(tally.flush()).isFalse();
        assertThat(tally.isRobotVisitor(SITE, "bot-1")).as("kept while the storage is down").isTrue();
        assertThat(tally.flush()).isTrue();
        assertThat(store.isRobotVisitor(SITE, "bot-1")).isTrue();
    }

    @Test
    void betweenTwoFlushesAtMostMaxVisitorsIdsAreKeptButEveryRequestIsCounted() {
        for (int i = 0; i < RobotTally.MAX_VISITORS + 10; i++) {
            tally.countPageview(SITE, "bot-" + i);
        }

        assertThat(tally.robotsOf(SITE).total()).isEqualTo(RobotTally.MAX_VISITORS + 10);
        assertThat(tally.isRobotVisitor(SITE, "bot-0")).isTrue();
        assertThat(tally.isRobotVisitor(SITE, "bot-" + (RobotTally.MAX_VISITORS + 5))).isFalse();
        tally.countPageview(SITE, "bot-0");
        assertThat(tally.flush()).isTrue();
        tally.countPageview(SITE, "bot-" + (RobotTally.MAX_VISITORS + 5));
        assertThat(tally.isRobotVisitor(SITE, "bot-" + (RobotTally.MAX_VISITORS + 5))).as("room again").isTrue();
    }

    @Test
    void aFailedFlushKeepsItsCountsAndTheNextFlushStoresThemOnce() {
        tally.count(SITE);
        tally.count(SITE);
        store.failuresToCome.set(1);

        assertThat(tally.flush()).isFalse();
        assertThat(tally.robotsOf(SITE)).as("kept while the storage is down").isEqualTo(new RobotCount(2, 2));
        tally.count(SITE);
        assertThat(tally.flush()).isTrue();

        assertThat(store.adds).containsExactly(Map.of(new RobotDay(SITE, DAY), 3L));
        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(3, 3));
        assertThat(tally.flush()).as("nothing left").isTrue();
        assertThat(store.adds).hasSize(1);
    }

    @Test
    void websitesAreCountedApart() {
        tally.count(SITE);
        tally.count(SITE);
        tally.count(OTHER_SITE);
        tally.flush();
        tally.count(OTHER_SITE);

        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(2, 2));
        assertThat(tally.robotsOf(OTHER_SITE)).isEqualTo(new RobotCount(2, 2));
        assertThat(tally.robotsOf("cccccccccccccccccccccccc")).isEqualTo(RobotCount.NONE);
    }

    @Test
    void robotsAreCountedOnTheClocksUtcDayAndTodayFollowsTheClock() {
        clock.set(Instant.parse("2026-02-06T23:59:59Z"));
        tally.count(SITE);
        clock.set(Instant.parse("2026-02-07T00:00:00Z"));
        tally.count(SITE);
        tally.count(SITE);

        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(3, 2));
        tally.flush();
        assertThat(store.adds).containsExactly(Map.of(new RobotDay(SITE, DAY), 1L, new RobotDay(SITE, DAY.plusDays(1)), 2L));

        clock.set(Instant.parse("2026-02-08T08:00:00Z"));
        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(3, 0));
    }

    @Test
    void aRobotWithItsOwnTimeIsCountedOnThatDay() {
        tally.count(SITE, Instant.parse("2025-12-31T23:00:00Z"));
        tally.flush();

        assertThat(store.adds).containsExactly(Map.of(new RobotDay(SITE, LocalDate.of(2025, 12, 31)), 1L));
        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(1, 0));
    }

    @Test
    void countsMadeWhileFlushingAreNeitherLostNorCountedTwice() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean counting = new AtomicBoolean(true);
        try {
            Future<?> flusher = pool.submit(() -> {
                while (counting.get()) {
                    tally.flush();
                }
            });
            List<Future<?>> counters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counters.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        tally.count(SITE);
                    }
                }));
            }
            for (Future<?> counter : counters) {
                counter.get(60, TimeUnit.SECONDS);
            }
            counting.set(false);
            flusher.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        tally.flush();

        assertThat(store.count(SITE, DAY)).isEqualTo(new RobotCount(threads * perThread, threads * perThread));
        assertThat(tally.robotsOf(SITE).total()).isEqualTo(threads * perThread);
    }

    @Test
    void countsAreStoredPeriodicallyWithoutBeingAsked() throws Exception {
        RobotTally.Flushing flushing = tally.flushEvery(Duration.ofMillis(20), scheduler);
        try {
            tally.count(SITE);

            assertThat(store.added.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(store.count(SITE, DAY)).isEqualTo(new RobotCount(1, 1));
        } finally {
            flushing.stop();
        }
    }

    @Test
    void stoppingThePeriodicFlushStoresWhatIsLeft() {
        RobotTally.Flushing flushing = tally.flushEvery(Duration.ofHours(1), scheduler);
        tally.count(SITE);

        assertThat(flushing.stop()).isTrue();

        assertThat(store.count(SITE, DAY)).isEqualTo(new RobotCount(1, 1));
        assertThat(flushing.stop()).as("stopping twice is harmless").isTrue();
        assertThat(store.adds).hasSize(1);
    }

    @Test
    void stoppingWhileTheStorageIsDownSaysSoAndKeepsTheCounts() {
        RobotTally.Flushing flushing = tally.flushEvery(Duration.ofHours(1), scheduler);
        tally.count(SITE);
        store.failuresToCome.set(1);

        assertThat(flushing.stop()).isFalse();

        assertThat(tally.robotsOf(SITE)).isEqualTo(new RobotCount(1, 1));
    }

    @Test
    void aFlushIntervalMustBePositive() {
        assertThatThrownBy(() -> tally.flushEvery(Duration.ZERO, scheduler)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Meridian.builder().robotFlushInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void meridianStoresRobotCountsInTheInMemoryStoreByDefaultAndWhenClosed() {
        TrackingFixture f = new TrackingFixture();
        f.meridian.trackEvent().track(new TrackCommand(f.website.trackingId(), "example.com", "https://example.com/",
                null, TrackingFixture.newVisitorId(), TrackingFixture.newSessionId(), "pageview", Map.of(), false,
                "203.0.113.9", TrackingFixture.ROBOT));

        f.meridian.close();

        assertThat(f.store.robotCounts().orElseThrow()
                .count(f.website.id(), LocalDate.ofInstant(f.clock.now(), java.time.ZoneOffset.UTC)))
                .isEqualTo(new RobotCount(1, 1));
    }

    @Test
    void meridianStoresRobotCountsThroughTheStoragesRobotCounts() {
        InMemoryStore storage = new InMemoryStore();
        Meridian meridian = Meridian.builder()
                .storage(TestStorage.of(storage).withRobotCounts(store))
                .clock(clock)
                .deviceDetector(ua -> new ClientDevice(SystemInfo.UNKNOWN, true))
                .build();
        Website website = meridian.websites().create(new NewWebsite("example.com", null, null, null));
        meridian.trackEvent().track(new TrackCommand(website.trackingId(), "example.com", "https://example.com/", null,
                TrackingFixture.newVisitorId(), TrackingFixture.newSessionId(), "pageview", Map.of(), false,
                "203.0.113.9", "Googlebot/2.1"));

        meridian.close();

        assertThat(store.adds).containsExactly(Map.of(new RobotDay(website.id(), DAY), 1L));
        assertThat(storage.robotCounts().orElseThrow().count(website.id(), DAY)).as("not the store's own")
                .isEqualTo(RobotCount.NONE);
        assertThat(meridian.robots().robotsOf(website.id())).isEqualTo(new RobotCount(1, 1));
    }
}
