package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An append the database does not confirm within the caller's timeout fails as unavailable, saying the event may
 * still be stored, and it is: what docs/api.md §3 tells a client that retries after such a 503.
 */
class UnconfirmedAppendTest {

    private static final String SITE = "c00000000000000000000001";

    private static Event pageview(String id, Instant at) {
        return new Event(id, SITE, "v1", "s", EventType.PAGEVIEW, at, "/", null, null, Map.of());
    }

    private static VisitorUpdate seenAt(Instant at) {
        return current -> new VisitorState(SITE, "v1", at, at, at, "s", at,
                current.map(VisitorState::visitCount).orElse(1), "/", null, null, null, null, null, null, null);
    }

    @Test
    void anAppendNotConfirmedInTimeSaysItMayStillBeStoredAndIsStoredOnceTheDatabaseAnswers() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        storage.eventLog().append(pageview("c00000000000000000000011", now), seenAt(now));
        try (GroupCommitWriter writer = new GroupCommitWriter(storage.dataSource(),
                new EventPartitions(storage.dataSource()), 1, 16, Duration.ofMillis(300));
                Connection blocker = storage.dataSource().getConnection()) {
            holdTheVisitorRow(blocker); // so the writer's batch waits for it
            Instant later = now.plusSeconds(1);

            assertThatThrownBy(() -> writer.append(pageview("c00000000000000000000012", later), seenAt(later)))
                    .isInstanceOfSatisfying(StorageUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenStored()).isTrue())
                    .hasMessageContaining("may still be stored");
            assertThat(storage.eventLog().recentEvents(SITE, now, 10)).hasSize(1);

            blocker.rollback();
            awaitEvents(storage, now, 2);
        }
        assertThat(storage.eventLog().recentEvents(SITE, now, 10)).extracting(Event::id)
                .containsExactly("c00000000000000000000012", "c00000000000000000000011");
        assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::lastSeenAt)
                .isEqualTo(now.plusSeconds(1));
    }

    @Test
    void anAsynchronousAppendNotConfirmedInTimeFailsItsStageSayingItMayStillBeStoredAndIsStored() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        storage.eventLog().append(pageview("c00000000000000000000021", now), seenAt(now));
        try (GroupCommitWriter writer = new GroupCommitWriter(storage.dataSource(),
                new EventPartitions(storage.dataSource()), 1, 16, Duration.ofMillis(300));
                Connection blocker = storage.dataSource().getConnection()) {
            holdTheVisitorRow(blocker);
            Instant later = now.plusSeconds(1);

            CompletableFuture<VisitorState> stage = writer.appendAsync(pageview("c00000000000000000000022", later),
                    seenAt(later));

            assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(StorageUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenStored()).isTrue())
                    .hasMessageContaining("may still be stored");
            assertThat(storage.eventLog().recentEvents(SITE, now, 10)).hasSize(1);

            blocker.rollback();
            awaitEvents(storage, now, 2);
        }
        assertThat(storage.eventLog().recentEvents(SITE, now, 10)).extracting(Event::id)
                .containsExactly("c00000000000000000000022", "c00000000000000000000021");
    }

    /** Another transaction takes the row of visitor v1 and keeps it until {@code blocker} ends it. */
    private static void holdTheVisitorRow(Connection blocker) throws Exception {
        blocker.setAutoCommit(false);
        try (PreparedStatement lock = blocker.prepareStatement(
                "select visitor_id from visitors where website_id = ? and visitor_id = 'v1' for update")) {
            lock.setString(1, SITE);
            try (ResultSet rows = lock.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    private static void awaitEvents(PostgresStorage storage, Instant since, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (storage.eventLog().recentEvents(SITE, since, 10).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aStorageFailureSaysNothingOfMayHaveBeenStoredByDefault() {
        assertThat(new StorageUnavailableException("down", null).mayHaveBeenStored()).isFalse();
    }
}
