package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Group commit applies a batch on the visitor rows its writer committed ({@link VisitorCache}) without reading them,
 * and writes each back only if no one else wrote it since: a row written elsewhere (another node's writer, identify)
 * or a visitor taken as new that is stored fails the batch before its commit, which then runs again on the rows as
 * stored. Nothing is lost and nothing is applied on a stale row.
 */
class CachedVisitorRowsTest {

    private static final String SITE = "c00000000000000000000004";
    private static final AtomicInteger IDS = new AtomicInteger();

    @Test
    void aVisitorThisWriterCommittedIsUpdatedOnItsCachedRowWithoutReadingIt() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        try (GroupCommitWriter writer = writer(storage)) {
            VisitorState first = writer.append(pageview("v1"), oneMoreVisit("v1", seen));
            VisitorState second = writer.append(pageview("v1"), oneMoreVisit("v1", seen));
            assertThat(second.visitCount()).isEqualTo(2);
            // the very state the first append returned: taken from the cache, not read back from a row
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isEmpty();
            assertThat(seen.get(1)).get().isSameAs(first);
        }
        assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::visitCount).isEqualTo(2);
    }

    @Test
    void aCachedRowWrittenElsewhereSinceFailsTheBatchWhichRunsAgainOnTheStoredRow() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        try (GroupCommitWriter writer = writer(storage)) {
            writer.append(pageview("v1"), oneMoreVisit("v1", seen));
            // identify, on another connection: the row's xmin is no longer the one this writer cached
            storage.visitors().update(SITE, "v1", s -> withName(s, "Ada"));

            VisitorState after = writer.append(pageview("v1"), oneMoreVisit("v1", seen));

            assertThat(after.visitCount()).isEqualTo(2);
            assertThat(after.profile().displayName()).isEqualTo("Ada");
            assertThat(seen).hasSize(3);
            assertThat(seen.get(1)).get().extracting(s -> s.profile().displayName()).isNull(); // the stale cached row
            assertThat(seen.get(2)).get().extracting(s -> s.profile().displayName()).isEqualTo("Ada"); // read again

            // the retry cached what it committed: the next event applies on it, the identify kept
            VisitorState third = writer.append(pageview("v1"), oneMoreVisit("v1", seen));
            assertThat(seen).hasSize(4);
            assertThat(seen.get(3)).get().isSameAs(after);
            assertThat(third.visitCount()).isEqualTo(3);
        }
        assertThat(storage.visitors().find(SITE, "v1")).get().satisfies(stored -> {
            assertThat(stored.visitCount()).isEqualTo(3);
            assertThat(stored.profile().displayName()).isEqualTo("Ada");
        });
        assertThat(storage.eventLog().recentEvents(SITE, Instant.EPOCH, 10)).hasSize(3);
    }

    @Test
    void aCachedRowDeletedSinceIsInsertedAgainFromNothing() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        try (GroupCommitWriter writer = writer(storage)) {
            writer.append(pageview("v1"), oneMoreVisit("v1", seen));
            execute(storage, "delete from visitors");

            VisitorState after = writer.append(pageview("v1"), oneMoreVisit("v1", seen));

            assertThat(seen).hasSize(3);
            assertThat(seen.get(1)).isPresent();
            assertThat(seen.get(2)).isEmpty();
            assertThat(after.visitCount()).isEqualTo(1);
        }
        assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::visitCount).isEqualTo(1);
    }

    @Test
    void aStoredVisitorThisWriterNeverCachedIsTakenAsNewFirstThenUpdatedOnItsStoredRow() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        // stored by another node (here: the storage's own writer, which this writer does not share a cache with)
        storage.eventLog().append(pageview("v1"), oneMoreVisit("v1", new ArrayList<>()));
        try (GroupCommitWriter writer = writer(storage)) {
            VisitorState after = writer.append(pageview("v1"), oneMoreVisit("v1", seen));

            assertThat(after.visitCount()).isEqualTo(2);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isEmpty(); // taken as new: the insert failed on the primary key
            assertThat(seen.get(1)).get().extracting(VisitorState::visitCount).isEqualTo(1);

            // having found a stored row it had not cached, the writer reads uncached visitors first for a while
            storage.eventLog().append(pageview("v2"), oneMoreVisit("v2", new ArrayList<>()));
            List<Optional<VisitorState>> seenV2 = new CopyOnWriteArrayList<>();
            assertThat(writer.append(pageview("v2"), oneMoreVisit("v2", seenV2)).visitCount()).isEqualTo(2);
            assertThat(seenV2).hasSize(1);
            assertThat(seenV2.get(0)).isPresent();
        }
        assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::visitCount).isEqualTo(2);
    }

    @Test
    void anUpdateThatRefusesAnUnreadVisitorIsDecidedOnTheStoredRow() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        storage.eventLog().append(pageview("v1"), oneMoreVisit("v1", new ArrayList<>()));
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        // as a backend event does: only for a stored visitor (taken as new first, since this writer never cached it)
        VisitorUpdate storedOnly = current -> {
            seen.add(current);
            return current.orElseThrow(() -> new IllegalStateException("visitor not found"));
        };
        try (GroupCommitWriter writer = writer(storage)) {
            VisitorState state = writer.append(pageview("v1"), storedOnly);

            assertThat(state.visitCount()).isEqualTo(1);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isEmpty();
            assertThat(seen.get(1)).isPresent();
            // a visitor that is not stored is still refused, once read
            assertThat(writer.appendAsync(pageview("v9"), storedOnly)).failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("visitor not found");
        }
        assertThat(storage.eventLog().recentEvents(SITE, Instant.EPOCH, 10)).hasSize(2);
    }

    @Test
    void twoWritersRacingOnTheSameVisitorsLoseNoUpdate() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        int perWriter = 150;
        List<String> visitors = List.of("v1", "v2", "v3");
        try (GroupCommitWriter nodeA = writer(storage); GroupCommitWriter nodeB = writer(storage)) {
            List<CompletableFuture<VisitorState>> appended = new ArrayList<>();
            for (int i = 0; i < perWriter; i++) {
                String visitor = visitors.get(i % visitors.size());
                appended.add(nodeA.appendAsync(pageview(visitor), oneMoreVisit(visitor, new CopyOnWriteArrayList<>())));
                appended.add(nodeB.appendAsync(pageview(visitor), oneMoreVisit(visitor, new CopyOnWriteArrayList<>())));
                if (i % 10 == 0) {
                    Thread.sleep(2); // several batches each, interleaved
                }
            }
            for (CompletableFuture<VisitorState> append : appended) {
                append.get(60, TimeUnit.SECONDS);
            }
        }
        int total = 0;
        for (String visitor : visitors) {
            int visits = storage.visitors().find(SITE, visitor).orElseThrow().visitCount();
            total += visits;
            assertThat(visits).as(visitor).isEqualTo(2 * perWriter / visitors.size());
        }
        assertThat(total).isEqualTo(2 * perWriter);
        assertThat(storage.eventLog().recentEvents(SITE, Instant.EPOCH, 1000)).hasSize(2 * perWriter);
    }

    private static GroupCommitWriter writer(PostgresStorage storage) {
        return new GroupCommitWriter(storage.dataSource(), new EventPartitions(storage.dataSource()), 1, 16,
                Duration.ofSeconds(60));
    }

    /** Counts visits: the stored count plus one, every other field kept. */
    private static VisitorUpdate oneMoreVisit(String visitor, List<Optional<VisitorState>> seen) {
        return current -> {
            seen.add(current);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return current.map(s -> new VisitorState(s.websiteId(), s.visitorId(), s.firstSeenAt(), now, now,
                    s.sessionId(), s.sessionStartedAt(), s.visitCount() + 1, s.currentUrl(), s.sessionReferrer(),
                    s.sessionParams(), s.location(), s.system(), s.firstTouch(), s.profile(), s.customer()))
                    .orElseGet(() -> new VisitorState(SITE, visitor, now, now, now, "s", now, 1, "/", null, null,
                            null, null, null, null, null));
        };
    }

    private static VisitorState withName(VisitorState s, String name) {
        Profile p = s.profile();
        return s.withProfile(new Profile(true, p.userId(), name, p.imageUrl(), p.fields()));
    }

    private static Event pageview(String visitor) {
        return new Event(String.format("c%023d", IDS.incrementAndGet()), SITE, visitor, "s", EventType.PAGEVIEW,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "/", null, null, Map.of());
    }

    private static void execute(PostgresStorage storage, String sql) throws Exception {
        try (Connection c = storage.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }
}
