package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements every writer of visitor rows runs ({@link VisitorRows#LOCK}, {@link VisitorRows#UPDATE}, and group
 * commit's {@link VisitorRows#LOCK_WITH_VERSIONS}, {@link VisitorRows#UPDATE_UNCHANGED}) look each
 * visitor up through the primary key in the generic plan PostgreSQL makes while the table is empty and then keeps
 * for a server-prepared statement: once the table has grown, that plan still reads one row per key, not every
 * visitor (a hash join over a sequential scan) nor every visitor of the website (the map's index).
 */
class WriterPlanTest {

    @Test
    void genericPlansMadeOnAnEmptyTableLookEachVisitorUpByPrimaryKeyOnceTheTableHasGrown() throws SQLException {
        TestDatabase.truncateAll();
        try (Connection c = TestDatabase.storage().dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("set local plan_cache_mode = force_generic_plan");
            s.execute("prepare lock_rows(text[], text[]) as " + numbered(VisitorRows.LOCK));
            s.execute("prepare update_rows(" + String.join(", ", Collections.nCopies(VisitorRows.COLUMNS.size(), "text[]"))
                    + ") as " + numbered(VisitorRows.UPDATE));
            s.execute("prepare lock_versions(text[], text[]) as " + numbered(VisitorRows.LOCK_WITH_VERSIONS));
            s.execute("prepare update_unchanged(" + String.join(", ",
                    Collections.nCopies(VisitorRows.COLUMNS.size() + 1, "text[]"))
                    + ") as " + numbered(VisitorRows.UPDATE_UNCHANGED));
            String lockWhenEmpty = plan(s, "explain execute lock_rows('{w}', '{v1}')");
            s.execute("insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, "
                    + "session_started_at, visit_count, identified, profile_fields, is_customer, revenue) select 'w', "
                    + "'v' || i, now(), now(), now(), now(), 1, false, '{}', false, 0 from generate_series(1, 20000) i");

            String lock = plan(s, "explain (analyze, costs off) execute lock_rows('{w,w}', '{v1,v2}')");
            String update = plan(s, "explain execute update_rows('{w}', '{v1}'"
                    + ", null".repeat(VisitorRows.COLUMNS.size() - 2) + ")");
            String lockVersions = plan(s, "explain (analyze, costs off) execute lock_versions('{w,w}', '{v1,v2}')");
            String updateUnchanged = plan(s, "explain execute update_unchanged('{w}', '{v1}'"
                    + ", null".repeat(VisitorRows.COLUMNS.size() - 2) + ", '{1}')");
            c.rollback();
            s.execute("deallocate lock_rows");
            s.execute("deallocate update_rows");
            s.execute("deallocate lock_versions");
            s.execute("deallocate update_unchanged");

            assertThat(lockWhenEmpty).contains("visitors_pkey");
            assertThat(lock).contains("Index Scan using visitors_pkey on visitors").contains("LockRows")
                    .doesNotContain("Seq Scan").doesNotContain("visitors_active");
            assertThat(update).contains("Index Scan using visitors_pkey on visitors").contains("Tid Scan on visitors v")
                    .doesNotContain("Seq Scan").doesNotContain("visitors_active");
            assertThat(lockVersions).contains("Index Scan using visitors_pkey on visitors").contains("LockRows")
                    .doesNotContain("Seq Scan").doesNotContain("visitors_active");
            assertThat(updateUnchanged).contains("Index Scan using visitors_pkey on visitors")
                    .contains("Tid Scan on visitors v").doesNotContain("Seq Scan").doesNotContain("visitors_active");
        } finally {
            TestDatabase.truncateAll();
        }
    }

    @Test
    void lockReadsTheRowsInTheOrderOfTheirKeys() throws SQLException {
        TestDatabase.truncateAll();
        try (Connection c = TestDatabase.storage().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, session_started_at, "
                    + "visit_count, identified, profile_fields, is_customer, revenue) select w, v, now(), now(), now(), "
                    + "1, false, '{}', false, 0 from (values ('b', 'x'), ('a', 'z'), ('a', 'y')) t(w, v)");
            c.setAutoCommit(false);
            var keys = List.of(new VisitorRows.VisitorKey("b", "x"), new VisitorRows.VisitorKey("a", "z"),
                    new VisitorRows.VisitorKey("a", "y"), new VisitorRows.VisitorKey("a", "missing"));

            var locked = VisitorRows.lock(c, keys);
            c.rollback();

            assertThat(locked.keySet()).containsExactly(new VisitorRows.VisitorKey("a", "y"),
                    new VisitorRows.VisitorKey("a", "z"), new VisitorRows.VisitorKey("b", "x"));
        } finally {
            TestDatabase.truncateAll();
        }
    }

    /** JDBC's {@code ?} placeholders as {@code $1, $2, …}, for PREPARE. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                out.append('$').append(++n);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String plan(Statement s, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
