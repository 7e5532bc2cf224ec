package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.scoring.ScoringSettings;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.core.store.TestStorage;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.RobotCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Meridian owns the threads it starts: no instance shares one with another, and close() ends them all. */
class MeridianThreadsTest {

    /** A running instance and the threads its background work (robot-count flushes, model rebuilds) ran on. */
    private record Running(Meridian meridian, Website website, Set<Thread> threads) {
    }

    /** An instance that has flushed its robot counts and rebuilt a conversion model in the background once each. */
    private static Running running() throws InterruptedException {
        InMemoryStore store = new InMemoryStore();
        Thread caller = Thread.currentThread();
        Set<Thread> background = ConcurrentHashMap.newKeySet();
        CountDownLatch flushed = new CountDownLatch(1);
        CountDownLatch rebuilt = new CountDownLatch(1);
        ConversionHistory history = (websiteId, from, to) -> {
            if (Thread.currentThread() != caller) { // the first build runs on the caller, rebuilds do not
                background.add(Thread.currentThread());
                rebuilt.countDown();
            }
            return store.conversionHistory().segments(websiteId, from, to);
        };
        RobotCounts robotCounts = new RobotCounts() {
            @Override
            public void add(Map<RobotDay, Long> counts) {
                background.add(Thread.currentThread());
                store.robotCounts().orElseThrow().add(counts);
                flushed.countDown();
            }

            @Override
            public RobotCount count(String websiteId, LocalDate today) {
                return store.robotCounts().orElseThrow().count(websiteId, today);
            }

            @Override
            public void rememberVisitors(Map<RobotVisitor, Instant> lastSeen) {
                store.robotCounts().orElseThrow().rememberVisitors(lastSeen);
            }

            @Override
            public boolean isRobotVisitor(String websiteId, String visitorId) {
                return store.robotCounts().orElseThrow().isRobotVisitor(websiteId, visitorId);
            }
        };
        MutableClock clock = new MutableClock();
        Meridian meridian = Meridian.builder()
                .storage(TestStorage.of(store).withConversionHistory(history).withRobotCounts(robotCounts))
                .clock(clock)
                .robotFlushInterval(Duration.ofMillis(10))
                .deviceDetector(ua -> new ClientDevice(SystemInfo.UNKNOWN, ua.contains("bot")))
                .build();
        Website website = meridian.websites().create(new NewWebsite("example.com", null, null, null));

        robot(meridian, website);
        meridian.realtimeMap().forWebsite(website.id());
        clock.advance(ScoringSettings.defaults().refreshInterval());
        meridian.realtimeMap().forWebsite(website.id());

        assertThat(flushed.await(30, TimeUnit.SECONDS)).as("robot counts flushed").isTrue();
        assertThat(rebuilt.await(30, TimeUnit.SECONDS)).as("model rebuilt").isTrue();
        return new Running(meridian, website, background);
    }

    private static void robot(Meridian meridian, Website website) {
        meridian.trackEvent().track(new TrackCommand(website.trackingId(), "example.com", "https://example.com/", null,
                UUID.randomUUID().toString(), "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9",
                "Googlebot/2.1"));
    }

    @Test
    void twoInstancesShareNoThreadAndClosingOneEndsAllOfItsThreadsAndNoneOfTheOthers() throws Exception {
        Running first = running();
        Running second = running();
        try {
            assertThat(first.threads()).isNotEmpty().doesNotContainAnyElementsOf(second.threads());
            assertThat(first.threads()).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());

            first.meridian().close();

            assertThat(first.threads()).noneMatch(Thread::isAlive);
            assertThat(second.threads()).allMatch(Thread::isAlive);
        } finally {
            second.meridian().close();
        }
        assertThat(second.threads()).noneMatch(Thread::isAlive);
    }

    @Test
    void aClosedInstanceStillTracksAndKeepsNewRobotCountsInMemory() throws Exception {
        Running running = running();
        running.meridian().close();

        robot(running.meridian(), running.website());

        assertThat(running.meridian().robots().robotsOf(running.website().id()).total()).isEqualTo(2);
        running.meridian().close(); // idempotent
    }

    @Test
    void aModelExecutorGivenToTheBuilderIsTheCallersAndCloseLeavesItRunning() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Meridian meridian = Meridian.builder().storage(new InMemoryStore()).modelExecutor(executor).build();

            meridian.close();

            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }
}
