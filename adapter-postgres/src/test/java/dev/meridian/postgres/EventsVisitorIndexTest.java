package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.VisitorQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journey's index {@code events_visitor_hash} (V13: a hash of the visitor id in collation "C") and the statements
 * that read one visitor's events: each reads that index of every partition it scans (a statement comparing in the
 * columns' default collation could not, nor could one reading the primary key's time order instead).
 */
class EventsVisitorIndexTest {

    private static final String SITE = "w-events-visitor";
    private static final String VISITOR = "v-many";
    /** A scan of a partition, with the index it reads; a bitmap heap scan's index is on the line that follows. */
    private static final Pattern SCAN = Pattern.compile("(Seq Scan|Index Scan(?: Backward)?|Index Only Scan(?: Backward)?"
            + "|Bitmap Heap Scan)(?: using (\\S+))? on (events_p\\d{6})(?:.*\\n.*Bitmap Index Scan on (\\S+))?");

    /** 600 pageviews and 60 goals of one visitor, a second apart, from now on (partitions exist for 3 months). */
    @BeforeEach
    void aVisitorWithManyEvents() throws SQLException {
        TestDatabase.truncateAll();
        try (Connection c = TestDatabase.storage().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("insert into events (website_id, occurred_at, id, visitor_id, "
                        + "session_id, type, path, referrer, country_code, extra_data) select ?, "
                        + "date_trunc('second', now()) + i * interval '1 second', lpad(to_hex(i), 24, '0'), ?, 's1', "
                        + "case when i % 10 = 0 then 'custom' else 'pageview' end, '/p' || i, null, null, '{}' "
                        + "from generate_series(1, 660) i")) {
            ps.setString(1, SITE);
            ps.setString(2, VISITOR);
            ps.executeUpdate();
        }
    }

    @Test
    void theIndexIsAHashOfTheVisitorIdComparedAsBytes() throws SQLException {
        try (Connection c = TestDatabase.storage().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_get_indexdef('events_visitor_hash'::regclass)")) {
            rs.next();
            assertThat(rs.getString(1)).endsWith("USING hash (visitor_id COLLATE \"C\")");
        }
    }

    @Test
    void everyStatementOfOneVisitorsEventsReadsTheIndexOfEachPartitionItScans() throws SQLException {
        VisitorQuery filtered = new VisitorQuery(SITE, Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(1, ChronoUnit.DAYS), 0, 10, Set.of("/p1"), Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of("google"), Set.of(), Set.of("signup"), null); // landing path, page and goal filters
        List<Object> pageParams = new ArrayList<>();
        String page = VisitorRows.pageSql(filtered, pageParams);
        try (Connection c = TestDatabase.storage().dataSource().getConnection()) {
            Set<String> partitionIndexes = partitionIndexesOf(c, "events_visitor_hash");
            try (Statement s = c.createStatement()) {
                // without it the planner may read the few rows of a test's partition as cheaply without an index
                s.execute("set enable_seqscan = off");
            }
            try {
                List<String> plans = List.of(
                        plan(c, EventRows.JOURNEY, SITE, VISITOR, 500, SITE, VISITOR, 500),
                        plan(c, EventRows.FIRST_PAGEVIEW, SITE, VISITOR),
                        plan(c, EventRows.TOTALS, SITE, VISITOR),
                        plan(c, page, pageParams.toArray()));
                for (String plan : plans) {
                    Matcher scan = SCAN.matcher(plan);
                    int scans = 0;
                    while (scan.find()) {
                        scans++;
                        String index = scan.group(2) != null ? scan.group(2) : scan.group(4);
                        assertThat(index).as("%s of %s in%n%s", scan.group(1), scan.group(3), plan)
                                .isIn(partitionIndexes);
                    }
                    assertThat(scans).as(plan).isPositive();
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("reset enable_seqscan");
                }
            }
        }
    }

    /** The names of the partitions' indexes attached to the partitioned index {@code parent}. */
    private static Set<String> partitionIndexesOf(Connection c, String parent) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select i.inhrelid::regclass::text from pg_inherits i "
                + "where i.inhparent = ?::regclass")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        assertThat(names).as("partition indexes of " + parent).isNotEmpty();
        return names;
    }

    /** The plan of {@code sql} (an EXPLAIN statement, or a statement to explain) with these parameters. */
    private static String plan(Connection c, String sql, Object... params) throws SQLException {
        String explain = sql.startsWith("explain") ? sql : "explain " + sql;
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(explain)) {
            List<Object> values = new ArrayList<>(List.of(params));
            VisitorRows.bindAll(c, ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return String.join("\n", lines);
    }
}
