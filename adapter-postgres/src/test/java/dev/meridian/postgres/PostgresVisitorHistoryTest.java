package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The visitor list's count and rows, read on two connections at once (StoragePortsContract checks the answers). */
class PostgresVisitorHistoryTest {

    private static final String SITE = "w-visitor-history";
    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    @BeforeEach
    void fiveVisitors() throws SQLException {
        TestDatabase.truncateAll();
        try (Connection c = TestDatabase.storage().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("insert into visitors (website_id, visitor_id, first_seen_at, "
                        + "last_seen_at, last_pageview_at, session_started_at, visit_count, identified, profile_fields, "
                        + "is_customer, revenue) values (?, ?, ?, ?, ?, ?, 1, false, '{}', false, 0)")) {
            for (int i = 0; i < 5; i++) {
                Timestamp at = Timestamp.from(T0.plusSeconds(i));
                ps.setString(1, SITE);
                ps.setString(2, "v" + i);
                for (int column = 3; column <= 6; column++) {
                    ps.setTimestamp(column, at);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void theCountRunsOnAThreadOfItsOwnBesideThePage() {
        Set<String> connectingThreads = ConcurrentHashMap.newKeySet();
        DataSource pool = TestDatabase.storage().dataSource();
        DataSource recording = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connectingThreads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (PostgresVisitorHistory history = new PostgresVisitorHistory(new Database(recording))) {
            VisitorPage page = history.list(VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 1, 2));

            assertThat(page.total()).isEqualTo(5);
            assertThat(ids(page)).containsExactly("v3", "v2");
            assertThat(connectingThreads).containsExactlyInAnyOrder(Thread.currentThread().getName(),
                    "meridian-visitor-count-1");
        }
    }

    @Test
    void aClosedHistoryCountsOnTheCallersThread() {
        PostgresVisitorHistory history = new PostgresVisitorHistory(new Database(TestDatabase.storage().dataSource()));
        history.close();

        VisitorPage page = history.list(VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 0, 10));

        assertThat(page.total()).isEqualTo(5);
        assertThat(ids(page)).containsExactly("v4", "v3", "v2", "v1", "v0");
    }

    @Test
    void anOffsetPastTheEndGivesNoRowsAndTheExactTotal() {
        VisitorPage page = TestDatabase.storage().visitorHistory().list(VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 7, 10));

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.visitors()).isEmpty();
    }

    /**
     * A million visitors of the period make a parallel plan cheaper than a serial one; here the session makes
     * starting workers free, so the 30,000 visitors of the test get the plan a large period gets.
     */
    private static void parallelPlansFree(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set parallel_setup_cost = 0; set parallel_tuple_cost = 0; set min_parallel_index_scan_size = 0; "
                    + "set min_parallel_table_scan_size = 0");
        }
    }

    /** The plan of the count's statement, with its settings, as EXPLAIN {@code options} prints it. */
    private static String countPlan(Connection c, VisitorQuery query, String options) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = VisitorRows.countSql(query, params);
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(VisitorRows.COUNT_SETTINGS);
            }
            List<String> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("explain " + options + " " + sql)) {
                VisitorRows.bindAll(c, ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            return String.join("\n", lines);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    void aLargePeriodIsCountedExactlyByALeaderAndOneWorkerInTheVisitorsActiveIndex() throws SQLException {
        try (Connection c = TestDatabase.storage().dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into visitors (website_id, visitor_id, first_seen_at, "
                    + "last_seen_at, last_pageview_at, session_started_at, visit_count, identified, profile_fields, "
                    + "is_customer, revenue) select ?, 'many-' || i, t, t, t, t, 1, false, '{}', false, 0 "
                    + "from generate_series(1, 30000) i, lateral (select ?::timestamptz + i * interval '1 ms' as t) at")) {
                ps.setString(1, SITE);
                ps.setTimestamp(2, Timestamp.from(T0.plusSeconds(100)));
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("vacuum analyze visitors"); // index-only: the visibility map says the rows are visible
            }
            parallelPlansFree(c);
            try {
                VisitorQuery query = VisitorQuery.all(SITE, T0, T0.plusSeconds(100).plusMillis(20_001), 0, 10);

                assertThat(countPlan(c, query, "(analyze)")).contains("Parallel Index Only Scan using visitors_active")
                        .contains("Workers Planned: 1").contains("Workers Launched: 1").doesNotContain("Seq Scan");
                assertThat(VisitorRows.count(c, query)).as("5 visitors, then 20,000 of the 30,000").isEqualTo(20_005);
                assertThat(VisitorRows.count(c, VisitorQuery.all(SITE, T0, T0.plusSeconds(200), 0, 10)))
                        .isEqualTo(30_005);
            } finally {
                resetAll(c);
            }
        }
    }

    @Test
    void theCountsSettingsEndWithItsTransaction() throws SQLException {
        try (Connection c = TestDatabase.storage().dataSource().getConnection()) {
            String before = settings(c);

            assertThat(VisitorRows.count(c, VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 0, 10))).isEqualTo(5);

            assertThat(c.getAutoCommit()).isTrue();
            assertThat(settings(c)).isEqualTo(before).contains("enable_seqscan=on");
        }
    }

    private static String settings(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select string_agg(name || '=' || setting, "
                + "', ' order by name) from pg_settings where name in ('max_parallel_workers_per_gather', "
                + "'plan_cache_mode', 'enable_seqscan', 'enable_bitmapscan')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void resetAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("reset all");
        }
    }

    private static List<String> ids(VisitorPage page) {
        return page.visitors().stream().map(l -> l.visitor().visitorId()).toList();
    }
}
