package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.core.store.TestStorage;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.VisitorUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code TrackEvent.trackAsync}: the checks run (and refuse) before anything is queued; the answer and the map's change
 * come when the storage completes the write, and a storage failure fails the stage.
 */
class AsyncTrackingTest {

    private final InMemoryStore store = new InMemoryStore();
    private final HeldEventLog held = new HeldEventLog(store.eventLog());
    private final Meridian meridian = Meridian.builder()
            .storage(TestStorage.of(store).withEventLog(held))
            .geoLocator(ip -> new Location("Denver", "US-CO", "US", 39.7391, -104.9866))
            .deviceDetector(ua -> ua.contains("bot")
                    ? new ClientDevice(SystemInfo.UNKNOWN, true)
                    : new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false))
            .build();
    private final Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));
    private final AtomicInteger mapChanges = new AtomicInteger();

    {
        meridian.watchRealtimeMap().subscribe(website.id(), mapChanges::incrementAndGet);
    }

    private TrackCommand pageview(String href, String userAgent) {
        return TrackCommand.event("pageview", href)
                .website(website.trackingId(), "example.com")
                .visitor("5f0c8e43-5d53-4a4e-9c1e-1c6a5a0e3b1a", "s5f0c8e43-5d53-4a4e-9c1e-1c6a5a0e3b1a")
                .client("203.0.113.9", userAgent)
                .build();
    }

    @Test
    void theStageCompletesWithTheResultOnlyWhenTheStorageHasStoredTheEvent() {
        CompletionStage<TrackResult> stage = meridian.trackEvent().trackAsync(pageview("https://example.com/a", "Chrome"));

        assertThat(stage.toCompletableFuture()).isNotDone();
        assertThat(held.waiting).hasSize(1);
        assertThat(mapChanges).as("no map change before the write").hasValue(0);

        held.releaseAll();

        TrackResult result = stage.toCompletableFuture().join();
        assertThat(result.stored()).isTrue();
        assertThat(result.eventId()).isEqualTo(held.released.get(0).id());
        assertThat(store.visitors().find(website.id(), result.visitorId())).get()
                .extracting(VisitorState::currentUrl).isEqualTo("/a");
        assertThat(mapChanges).hasValue(1);
    }

    @Test
    void aStorageFailureFailsTheStageAndChangesNoMap() {
        CompletionStage<TrackResult> stage = meridian.trackEvent().trackAsync(pageview("https://example.com/a", "Chrome"));

        held.failAll(new StorageUnavailableException("database down", null));

        assertThatThrownBy(() -> stage.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StorageUnavailableException.class);
        assertThat(mapChanges).hasValue(0);
        assertThat(store.eventLog().recentEvents(website.id(), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void invalidInputThrowsBeforeAnythingIsQueued() {
        assertThatThrownBy(() -> meridian.trackEvent().trackAsync(pageview("ftp://example.com/a", "Chrome")))
                .isInstanceOf(InvalidInputException.class);

        assertThat(held.waiting).isEmpty();
    }

    @Test
    void anUnknownWebsiteThrowsBeforeAnythingIsQueued() {
        TrackCommand unknown = TrackCommand.event("pageview", "https://example.com/")
                .website("dfid_unknown0000", "example.com")
                .visitor("5f0c8e43-5d53-4a4e-9c1e-1c6a5a0e3b1a", "s5f0c8e43-5d53-4a4e-9c1e-1c6a5a0e3b1a")
                .client("203.0.113.9", "Chrome")
                .build();

        assertThatThrownBy(() -> meridian.trackEvent().trackAsync(unknown)).isInstanceOf(NotFoundException.class);
        assertThat(held.waiting).isEmpty();
    }

    @Test
    void aRobotsEventCompletesAtOnceAsNotStoredWithoutAWrite() {
        CompletionStage<TrackResult> stage = meridian.trackEvent().trackAsync(
                pageview("https://example.com/a", "Googlebot/2.1"));

        assertThat(stage.toCompletableFuture().join().stored()).isFalse();
        assertThat(held.waiting).isEmpty();
    }

    @Test
    void theBlockingTrackStillWritesThroughAppend() {
        TrackResult result = meridian.trackEvent().track(pageview("https://example.com/b", "Chrome"));

        assertThat(result.stored()).isTrue();
        assertThat(held.waiting).as("the blocking path does not use appendAsync").isEmpty();
        assertThat(mapChanges).hasValue(1);
    }

    /** An event log whose asynchronous appends wait until the test releases (or fails) them. */
    private static final class HeldEventLog implements EventLog {

        private final EventLog base;
        final List<Runnable> waiting = new ArrayList<>();
        final List<CompletableFuture<VisitorState>> futures = new ArrayList<>();
        final List<Event> released = new ArrayList<>();

        HeldEventLog(EventLog base) {
            this.base = base;
        }

        @Override
        public VisitorState append(Event event, VisitorUpdate update) {
            return base.append(event, update);
        }

        @Override
        public CompletionStage<VisitorState> appendAsync(Event event, VisitorUpdate update) {
            CompletableFuture<VisitorState> future = new CompletableFuture<>();
            futures.add(future);
            waiting.add(() -> {
                released.add(event);
                future.complete(base.append(event, update));
            });
            return future;
        }

        void releaseAll() {
            waiting.forEach(Runnable::run);
            waiting.clear();
        }

        void failAll(RuntimeException failure) {
            futures.forEach(f -> f.completeExceptionally(failure));
            waiting.clear();
        }

        @Override
        public List<Event> recentEvents(String websiteId, Instant since, int limit) {
            return base.recentEvents(websiteId, since, limit);
        }
    }
}
