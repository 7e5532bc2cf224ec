package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new visitor that another node inserts after the group commit looked for its row (and found none) and before the
 * batch's insert: the insert waits for the other transaction, fails on the primary key when it commits, and the
 * batch runs again on the stored row, whose state is kept, the batch's event applied on top. The write, the
 * notification and the commit go in one round trip, so this is decided by the insert itself, before the commit.
 */
class VisitorInsertedConcurrentlyTest {

    private static final String SITE = "c00000000000000000000003";

    @Test
    void aVisitorInsertedByAnotherNodeDuringTheBatchIsUpdatedOnItsStoredRowAndNothingIsLost() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        Instant earlier = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        Instant now = earlier.plusSeconds(60);
        List<Optional<VisitorState>> seen = new CopyOnWriteArrayList<>();
        VisitorUpdate oneMoreVisit = current -> {
            seen.add(current);
            return state(current.map(VisitorState::firstSeenAt).orElse(now), now,
                    current.map(s -> s.visitCount() + 1).orElse(1));
        };
        try (GroupCommitWriter writer = new GroupCommitWriter(storage.dataSource(),
                new EventPartitions(storage.dataSource()), 1, 16, Duration.ofSeconds(30));
                Connection otherNode = storage.dataSource().getConnection()) {
            otherNode.setAutoCommit(false);
            insertVisitor(otherNode, earlier, 5); // not committed yet: invisible to the batch's lock

            CompletableFuture<VisitorState> appended = writer.appendAsync(pageview("c00000000000000000000031", now),
                    oneMoreVisit);
            awaitInsertWaitingForALock(storage);
            otherNode.commit();

            VisitorState state = appended.get(30, TimeUnit.SECONDS);
            assertThat(state.visitCount()).isEqualTo(6);
            assertThat(state.firstSeenAt()).isEqualTo(earlier);
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).get().extracting(VisitorState::visitCount).isEqualTo(5);
        assertThat(storage.visitors().find(SITE, "v1")).get().satisfies(stored -> {
            assertThat(stored.visitCount()).isEqualTo(6);
            assertThat(stored.firstSeenAt()).isEqualTo(earlier);
            assertThat(stored.lastSeenAt()).isEqualTo(now);
        });
        assertThat(storage.eventLog().recentEvents(SITE, earlier, 10)).extracting(Event::id)
                .containsExactly("c00000000000000000000031");
    }

    @Test
    void onlyTheVisitorsPrimaryKeyCountsAsAConcurrentInsert() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = storage.dataSource().getConnection()) {
            insertVisitor(c, at, 1);
            assertThat(GroupCommitWriter.insertedConcurrently(failureOf(() -> insertVisitor(c, at, 1)))).isTrue();
            assertThat(GroupCommitWriter.insertedConcurrently(failureOf(() -> {
                try (PreparedStatement ps = c.prepareStatement("select 1 / 0")) {
                    ps.execute();
                }
            }))).isFalse();
        }
    }

    private interface SqlAction {
        void run() throws Exception;
    }

    private static java.sql.SQLException failureOf(SqlAction action) {
        try {
            action.run();
        } catch (java.sql.SQLException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static VisitorState state(Instant firstSeen, Instant at, int visits) {
        return new VisitorState(SITE, "v1", firstSeen, at, at, "s", at, visits, "/", null, null, null, null, null,
                null, null);
    }

    private static Event pageview(String id, Instant at) {
        return new Event(id, SITE, "v1", "s", EventType.PAGEVIEW, at, "/", null, null, Map.of());
    }

    private static void insertVisitor(Connection c, Instant at, int visits) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(VisitorRows.INSERT_NEW)) {
            VisitorRows.bindColumns(c, ps, 0, List.of(state(at, at, visits)));
            ps.execute();
        }
    }

    /**
     * Until the batch's write statement waits for the other node's uncommitted row (a backend waiting on a lock; the
     * statement's text in pg_stat_activity is cut after 1 kB, before its visitor insert).
     */
    private static void awaitInsertWaitingForALock(PostgresStorage storage) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = storage.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity "
                        + "where wait_event_type = 'Lock' and query like 'with new_events as (insert into events%'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        StringBuilder activity = new StringBuilder();
        try (Connection c = storage.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select state, wait_event_type, wait_event, left(query, 60) "
                        + "from pg_stat_activity where backend_type = 'client backend'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                activity.append('\n').append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" | ")
                        .append(rs.getString(3)).append(" | ").append(rs.getString(4));
            }
        }
        throw new AssertionError("the batch's insert never waited for the other node's row:" + activity);
    }
}
