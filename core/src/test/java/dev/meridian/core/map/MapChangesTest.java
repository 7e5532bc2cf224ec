package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.TrackingFixture;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.TrackCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MapChangesTest {

    private final MapChanges changes = new MapChanges();

    @Test
    void aSubscriberHearsChangesOfItsWebsiteOnly() {
        AtomicInteger heard = new AtomicInteger();
        changes.subscribe("site-a", heard::incrementAndGet);

        changes.publish("site-a");
        changes.publish("site-b");
        changes.publish("site-a");

        assertThat(heard).hasValue(2);
    }

    @Test
    void aClosedSubscriptionHearsNothingMoreAndLeavesNoTrace() {
        AtomicInteger heard = new AtomicInteger();
        MapChanges.Subscription subscription = changes.subscribe("site-a", heard::incrementAndGet);
        changes.publish("site-a");
        subscription.close();
        subscription.close();
        changes.publish("site-a");

        assertThat(heard).hasValue(1);
        assertThat(changes.subscriberCount("site-a")).isZero();
    }

    @Test
    void theSameListenerSubscribedTwiceIsCalledTwiceUntilEachIsClosed() {
        AtomicInteger heard = new AtomicInteger();
        Runnable listener = heard::incrementAndGet;
        MapChanges.Subscription first = changes.subscribe("site-a", listener);
        changes.subscribe("site-a", listener);
        first.close();
        changes.publish("site-a");

        assertThat(heard).hasValue(1);
    }

    @Test
    void aFailingListenerReachesNeitherThePublisherNorTheOtherListeners() {
        AtomicInteger heard = new AtomicInteger();
        changes.subscribe("site-a", () -> {
            throw new IllegalStateException("listener bug");
        });
        changes.subscribe("site-a", heard::incrementAndGet);

        changes.publish("site-a");

        assertThat(heard).hasValue(1);
    }

    @Test
    void concurrentSubscribersPublishersAndClosesLoseNoListenerAndLeakNone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        AtomicInteger kept = new AtomicInteger();
        MapChanges.Subscription keeper = changes.subscribe("site-a", kept::incrementAndGet);
        for (int t = 0; t < 8; t++) {
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    changes.subscribe("site-a", () -> { }).close();
                    changes.publish("site-a");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(kept).hasValue(8 * 2_000);
        assertThat(changes.subscriberCount("site-a")).isEqualTo(1);
        keeper.close();
        assertThat(changes.subscriberCount("site-a")).isZero();
    }

    @Test
    void trackingPublishesAChangeForEveryStoredEventButNotForRobots() {
        TrackingFixture f = new TrackingFixture();
        AtomicInteger heard = new AtomicInteger();
        f.meridian.watchRealtimeMap().subscribe(f.website.id(), heard::incrementAndGet);
        String visitor = TrackingFixture.newVisitorId();
        String session = TrackingFixture.newSessionId();

        f.pageview(visitor, session, "https://example.com/");
        f.track(visitor, session, "custom", "https://example.com/", null, Map.of("eventName", "signup"));
        assertThat(heard).hasValue(2);

        f.meridian.trackEvent().track(new TrackCommand(f.website.trackingId(), "example.com", "https://example.com/",
                null, visitor, session, "pageview", Map.of(), false, "203.0.113.9", TrackingFixture.ROBOT));
        assertThat(heard).hasValue(2);
    }

    @Test
    void invalidEventsPublishNothing() {
        TrackingFixture f = new TrackingFixture();
        AtomicInteger heard = new AtomicInteger();
        f.meridian.watchRealtimeMap().subscribe(f.website.id(), heard::incrementAndGet);

        assertThatThrownBy(() -> f.pageview("not-a-uuid", TrackingFixture.newSessionId(), "https://example.com/"))
                .isInstanceOf(InvalidInputException.class);

        assertThat(heard).hasValue(0);
    }
}
