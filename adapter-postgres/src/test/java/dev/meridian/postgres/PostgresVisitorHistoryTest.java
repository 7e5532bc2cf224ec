package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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

    private static List<String> ids(VisitorPage page) {
        return page.visitors().stream().map(l -> l.visitor().visitorId()).toList();
    }
}
