package dev.meridian.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ImportSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store guarantees beyond the storage contract (which {@code InMemoryStorageContractTest} runs):
 * behaviour that needs a live write to land at an exact point inside an import, which only this store lets a test
 * arrange without a database's locks in the way.
 */
class InMemoryStoreTest {

    private static final String SITE = "c00000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryStore store = new InMemoryStore();

    private static Event pageview(String id, String visitor, Instant at, String path) {
        return new Event(id, SITE, visitor, "s-" + visitor, EventType.PAGEVIEW, at, path, null, null, Map.of());
    }

    private static VisitorState seen(String visitor, Instant at, int visits, String path) {
        return new VisitorState(SITE, visitor, at, at, at, "s-" + visitor, at, visits, path, null, null, null, null,
                null, null, null);
    }

    /**
     * A live pageview of known visitor b is sent from another thread while the import computes b's update. Before
     * imports excluded live writes, the live event landed, the store applied b's update a second time on top of it,
     * that update refused the live state, and visitor a's events and state, already stored, stayed: half a batch.
     * Now the live write waits for the import and lands on top of it.
     */
    @Test
    void aLiveEventSentDuringAnImportWaitsForItSoTheBatchIsStoredWholeOrNotAtAll() throws Exception {
        Event first = pageview("c00000000000000000000010", "b", T0.minusSeconds(60), "/first");
        store.eventLog().append(first, current -> seen("b", first.timestamp(), 1, first.path()));
        Event a1 = pageview("c00000000000000000000011", "a", T0, "/old-a");
        Event b1 = pageview("c00000000000000000000012", "b", T0, "/old-b");
        Event live = pageview("c00000000000000000000013", "b", T0.plusSeconds(60), "/live");
        AtomicReference<Thread> liveWriter = new AtomicReference<>();
        List<String> updatedVisitors = new ArrayList<>();
        ImportSink.ImportedVisitorUpdate update = (current, stored) -> {
            String visitor = stored.get(0).visitorId();
            updatedVisitors.add(visitor);
            if (current.filter(state -> "/live".equals(state.currentUrl())).isPresent()) {
                throw new IllegalStateException("rule broken by the live state");
            }
            if (visitor.equals("b") && liveWriter.get() == null) {
                liveWriter.set(sendLive(live));
            }
            return seen(visitor, stored.get(stored.size() - 1).timestamp(),
                    current.map(VisitorState::visitCount).orElse(0) + stored.size(), stored.get(0).path());
        };

        ImportSink sink = store.importSink().orElseThrow();
        Throwable thrown = catchThrowable(() -> sink.appendAll(SITE, List.of(a1, b1), update));
        liveWriter.get().join(Duration.ofSeconds(10).toMillis());

        List<Event> events = store.eventLog().recentEvents(SITE, T0, 10);
        assertThat(events.contains(a1)).as("a batch is stored whole or not at all (appendAll threw %s)", thrown)
                .isEqualTo(events.contains(b1));
        assertThat(thrown).isNull();
        assertThat(updatedVisitors).containsExactly("a", "b");
        assertThat(events).containsExactly(live, b1, a1);
        assertThat(store.visitors().find(SITE, "a")).contains(seen("a", T0, 1, "/old-a"));
        assertThat(store.visitors().find(SITE, "b")).get().satisfies(b -> {
            assertThat(b.visitCount()).isEqualTo(3);
            assertThat(b.currentUrl()).isEqualTo("/live");
        });
    }

    /**
     * Sends {@code live} from a thread of its own and returns once it is stored or waits for the store: either way
     * before the import goes on.
     */
    private Thread sendLive(Event live) {
        Thread writer = new Thread(() -> store.eventLog().append(live, current -> {
            VisitorState state = current.orElseThrow();
            return seen(state.visitorId(), live.timestamp(), state.visitCount() + 1, live.path());
        }), "live-writer");
        writer.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (writer.getState() != Thread.State.TERMINATED && writer.getState() != Thread.State.WAITING
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return writer;
    }

    @Test
    void anImportWhoseUpdateWritesToTheStoreItselfIsRefusedAndStoresNothing() {
        Event a1 = pageview("c00000000000000000000021", "a", T0, "/old-a");

        Throwable thrown = catchThrowable(() -> store.importSink().orElseThrow().appendAll(SITE, List.of(a1),
                (current, stored) -> {
                    store.eventLog().append(pageview("c00000000000000000000022", "a", T0.plusSeconds(1), "/live"),
                            state -> seen("a", T0.plusSeconds(1), 1, "/live"));
                    return seen("a", T0, 1, "/old-a");
                }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("visitor a changed");
        assertThat(store.eventLog().recentEvents(SITE, T0, 10)).extracting(Event::id)
                .containsExactly("c00000000000000000000022");
        assertThat(store.visitors().find(SITE, "a").map(VisitorState::currentUrl)).isEqualTo(Optional.of("/live"));
    }
}
