package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.model.VisitorState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventRetentionTest {

    /** Each test its own website: they share the database. */
    private static final AtomicInteger SITES = new AtomicInteger();

    private final String site = String.format("d%023d", SITES.incrementAndGet());

    private Event event(String id, Instant at) {
        return new Event(id, site, "v-" + id, null, EventType.PAGEVIEW, at, "/", null, null, Map.of());
    }

    private void append(PostgresStorage storage, Event e) {
        storage.eventLog().append(e, current -> new VisitorState(site, e.visitorId(), e.timestamp(), e.timestamp(),
                e.timestamp(), null, e.timestamp(), 1, "/", null, null, null, null, null, null, null));
    }

    @Test
    void withARetentionTheMonthsThatEndedBeforeItAreDroppedAndTheRestKept() {
        PostgresStorage shared = TestDatabase.storage();
        EmbeddedDatabase db = TestDatabase.server();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Event old = event("d00000000000000000000011", Instant.parse("2001-01-15T00:00:00Z"));
        Event recent = event("d00000000000000000000012", now.minus(Duration.ofDays(1)));
        append(shared, old);
        append(shared, recent);

        // upkeep runs when storage opens
        try (PostgresStorage retaining = PostgresStorage.open(
                StorageSettings.external(db.jdbcUrl(), db.user(), db.password()).withRetentionDays(30))) {
            assertThat(retaining.eventPartitions()).doesNotContain(YearMonth.of(2001, 1))
                    .contains(YearMonth.from(now.atZone(ZoneOffset.UTC)),
                            YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(2));
            assertThat(retaining.eventLog().recentEvents(site, Instant.parse("2000-01-01T00:00:00Z"), 10))
                    .containsExactly(recent);
            assertThat(retaining.keepPartitions(now)).isEmpty();
        }
    }

    @Test
    void withARetentionRobotVisitorsLastSeenBeforeItAreForgotten() {
        PostgresStorage shared = TestDatabase.storage();
        EmbeddedDatabase db = TestDatabase.server();
        Instant now = Instant.now();
        shared.robotCounts().orElseThrow().rememberVisitors(Map.of(
                new RobotVisitor(site, "old-bot"), now.minus(Duration.ofDays(31)),
                new RobotVisitor(site, "recent-bot"), now.minus(Duration.ofDays(29))));

        try (PostgresStorage retaining = PostgresStorage.open(
                StorageSettings.external(db.jdbcUrl(), db.user(), db.password()).withRetentionDays(30))) {
            assertThat(retaining.robotCounts().orElseThrow().isRobotVisitor(site, "old-bot")).isFalse();
            assertThat(retaining.robotCounts().orElseThrow().isRobotVisitor(site, "recent-bot")).isTrue();
        }
    }

    @Test
    void withoutARetentionNothingIsDropped() {
        PostgresStorage shared = TestDatabase.storage();
        Event old = event("d00000000000000000000021", Instant.parse("2002-03-15T00:00:00Z"));
        append(shared, old);

        assertThat(shared.keepPartitions(Instant.now())).isEmpty();
        assertThat(shared.eventPartitions()).contains(YearMonth.of(2002, 3));
    }

    @Test
    void anAppendIntoAMonthWhosePartitionWasDroppedElsewhereRecreatesIt() {
        PostgresStorage shared = TestDatabase.storage();
        Event first = event("d00000000000000000000031", Instant.parse("2003-07-01T00:00:00Z"));
        append(shared, first);
        try (Connection c = shared.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table events_p200307");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        Event second = event("d00000000000000000000032", Instant.parse("2003-07-02T00:00:00Z"));
        append(shared, second);

        assertThat(shared.eventLog().recentEvents(site, Instant.parse("2003-07-01T00:00:00Z"), 10))
                .containsExactly(second);
    }
}
