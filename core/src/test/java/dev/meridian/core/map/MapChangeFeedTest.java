package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.MapChangeFeed;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the storage's feed of committed changes tells reaches the instance's live-map subscribers. */
class MapChangeFeedTest {

    /** A feed the test drives by hand, as PostgreSQL's listener thread would. */
    static final class HandFeed implements MapChangeFeed {
        final AtomicReference<Listener> listener = new AtomicReference<>();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Subscription listen(Listener l) {
            listener.set(l);
            return closed::incrementAndGet;
        }
    }

    private final HandFeed feed = new HandFeed();
    /** The in-memory store, with the feed a shared storage would offer. */
    private final Storage storage = new Storage() {
        private final InMemoryStore store = new InMemoryStore();

        @Override
        public EventLog eventLog() {
            return store.eventLog();
        }

        @Override
        public Visitors visitors() {
            return store.visitors();
        }

        @Override
        public Payments payments() {
            return store.payments();
        }

        @Override
        public ConversionHistory conversionHistory() {
            return store.conversionHistory();
        }

        @Override
        public Websites websites() {
            return store.websites();
        }

        @Override
        public Credentials credentials() {
            return store.credentials();
        }

        @Override
        public VisitorHistory visitorHistory() {
            return store.visitorHistory();
        }

        @Override
        public Optional<MapChangeFeed> mapChangeFeed() {
            return Optional.of(feed);
        }
    };
    private final Meridian meridian = Meridian.builder().storage(storage).build();

    @Test
    void websitesTheFeedNamesReachTheirSubscribersOnly() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        meridian.watchRealtimeMap().subscribe("site-a", a::incrementAndGet);
        meridian.watchRealtimeMap().subscribe("site-b", b::incrementAndGet);

        feed.listener.get().changed(Set.of("site-a", "site-c"));

        assertThat(a).hasValue(1);
        assertThat(b).hasValue(0);
    }

    @Test
    void anyChangedReachesEverySubscribedWebsite() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        meridian.watchRealtimeMap().subscribe("site-a", a::incrementAndGet);
        meridian.watchRealtimeMap().subscribe("site-b", b::incrementAndGet);

        feed.listener.get().anyChanged();

        assertThat(a).hasValue(1);
        assertThat(b).hasValue(1);
    }

    @Test
    void closingTheInstanceStopsListening() {
        meridian.close();
        meridian.close();

        assertThat(feed.closed).as("closed once or more, harmless").hasPositiveValue();
    }
}
