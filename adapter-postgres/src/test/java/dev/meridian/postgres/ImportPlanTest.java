package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * How PostgreSQL runs the import's statements under {@link PostgresImportSink#IMPORT_SETTINGS}: the update of
 * existing visitors looks each one up by primary key, whatever the size of the table (a hash join would read every
 * visitor of the table for every batch). How visitors are locked: {@link WriterPlanTest}.
 */
class ImportPlanTest {

    @Test
    void existingVisitorsAreUpdatedThroughThePrimaryKeyNotByScanningTheTable() throws SQLException {
        TestDatabase.truncateAll();
        try (Connection c = TestDatabase.storage().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, session_started_at, "
                    + "visit_count, identified, profile_fields, is_customer, revenue) select 'w', 'v' || i, now(), now(), "
                    + "now(), 1, false, '{}', false, 0 from generate_series(1, 20000) i");
            s.execute("analyze visitors");
            c.setAutoCommit(false);
            s.execute(PostgresImportSink.VISITORS_TABLE);
            s.execute("insert into import_visitors select * from visitors where visitor_id like 'v1%' limit 2000");

            String withoutTheSetting = plan(s);
            s.execute(PostgresImportSink.IMPORT_SETTINGS);
            String plan = plan(s);
            c.rollback();

            assertThat(withoutTheSetting).as("the planner's own choice, which the setting exists for")
                    .contains("Seq Scan on visitors");
            assertThat(plan).contains("Index Scan using visitors_pkey on visitors").doesNotContain("Seq Scan on visitors");
        } finally {
            TestDatabase.truncateAll();
        }
    }

    private static String plan(Statement s) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("explain " + PostgresImportSink.UPDATE_FROM_TABLE)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
