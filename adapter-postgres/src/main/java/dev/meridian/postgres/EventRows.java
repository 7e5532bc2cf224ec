package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link Event} as a row of the time-partitioned {@code events} table. */
final class EventRows {

    /** The columns an event is written to, in the order of {@link #bind} and {@link #copyRow}. */
    static final List<String> COLUMNS = List.of("website_id", "occurred_at", "id", "visitor_id", "session_id", "type",
            "path", "referrer", "country_code", "extra_data");

    /** The whole batch in one statement: one text array per column. */
    static final String INSERT = "insert into events (" + String.join(", ", COLUMNS) + ") select website_id, "
            + VisitorRows.fromMicros("occurred_at") + ", id, visitor_id, session_id, type, path, referrer, country_code, "
            + "extra_data::json from unnest(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?::text[]"))
            + ") as u(" + String.join(", ", COLUMNS) + ")";

    private static final String SELECT = "select website_id, occurred_at, id, visitor_id, session_id, type, path, "
            + "referrer, country_code, extra_data from events ";

    private static final String RECENT = SELECT + "where website_id = ? and occurred_at >= ? "
            + "order by occurred_at desc, id desc limit ?";

    /**
     * One visitor's events, as the {@code events_visitor_hash} index (V13, a hash of {@code visitor_id collate "C"})
     * answers: the statement compares the visitor id in "C" (in the column's default collation PostgreSQL could not use
     * the index and would read every partition's events of the website), then the website of the rows it found.
     */
    static final String OF_VISITOR = "website_id collate \"C\" = ? and visitor_id collate \"C\" = ?";

    /**
     * The visitor's events through the {@code events_visitor_hash} index (V13): its latest pageviews and its latest
     * goals by time and id, each limited on its own, together oldest first. The hash index finds all of the visitor's
     * events of each partition (a few hundred at most for a person's visits) in no order: each read sorts them (a
     * top-N sort) and keeps its {@code max}.
     */
    static final String JOURNEY = "select * from (" + latest("pageview") + " union all " + latest("custom") + ") j "
            + "order by occurred_at, id";

    /** The visitor's latest events of {@code type} by time and id; its parameters: website, visitor, max. */
    private static String latest(String type) {
        return "(" + SELECT + "where " + OF_VISITOR + " and type = '" + type + "' order by occurred_at desc, id desc "
                + "limit ?)";
    }

    /** The first of the visitor's pageviews by time and id. */
    static final String FIRST_PAGEVIEW = SELECT + "where " + OF_VISITOR + " and type = 'pageview' "
            + "order by occurred_at, id limit 1";

    static final String TOTALS = "select count(*) filter (where type = 'pageview') as pageviews, "
            + "max(occurred_at) filter (where type = 'identify') as identified_at "
            + "from events where " + OF_VISITOR;

    private EventRows() {
    }

    /** Binds the columns of {@link #INSERT} as parameters {@code offset + 1 …}; returns the offset after them. */
    static int bind(Connection c, PreparedStatement ps, int offset, List<Event> events) throws SQLException {
        String[][] columns = new String[10][events.size()];
        for (int row = 0; row < events.size(); row++) {
            Event e = events.get(row);
            columns[0][row] = e.websiteId();
            columns[1][row] = VisitorRows.micros(e.timestamp());
            columns[2][row] = e.id();
            columns[3][row] = e.visitorId();
            columns[4][row] = e.sessionId();
            columns[5][row] = e.type().wireName();
            columns[6][row] = e.path();
            columns[7][row] = e.referrer();
            columns[8][row] = e.countryCode();
            columns[9][row] = Columns.json(e.extraData());
        }
        for (int col = 0; col < columns.length; col++) {
            ps.setArray(offset + col + 1, c.createArrayOf("text", columns[col]));
        }
        return offset + columns.length;
    }

    /** Appends the event as one row of {@link #COLUMNS} (the import's binary COPY). */
    static void copyRow(BinaryCopyRows rows, Event e) {
        rows.row().text(e.websiteId()).timestamptz(e.timestamp()).text(e.id()).text(e.visitorId()).text(e.sessionId())
                .text(e.type().wireName()).text(e.path()).text(e.referrer()).text(e.countryCode())
                .json(Columns.json(e.extraData()));
    }

    static List<Event> recent(Connection c, String websiteId, Instant since, int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RECENT)) {
            ps.setString(1, websiteId);
            setInstant(ps, 2, since);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(read(rs));
                }
            }
        }
        return events;
    }

    /** The event of the result set's current row (the columns of {@link #SELECT}). */
    private static Event read(ResultSet rs) throws SQLException {
        return new Event(
                rs.getString("id"),
                rs.getString("website_id"),
                rs.getString("visitor_id"),
                rs.getString("session_id"),
                EventType.fromWireName(rs.getString("type")).orElseThrow(
                        () -> new IllegalStateException("unknown stored event type")),
                instant(rs, "occurred_at"),
                rs.getString("path"),
                rs.getString("referrer"),
                rs.getString("country_code"),
                Columns.map(rs.getString("extra_data")));
    }

    /**
     * The visitor's latest {@code max} pageviews and latest {@code max} goals, together oldest first (the
     * {@code events_visitor_hash} index of V13, read once for each type).
     */
    static List<Event> journeyOf(Connection c, String websiteId, String visitorId, int max) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(JOURNEY)) {
            for (int branch = 0; branch < 2; branch++) { // pageviews, then goals: website, visitor, max
                ps.setString(3 * branch + 1, websiteId);
                ps.setString(3 * branch + 2, visitorId);
                ps.setInt(3 * branch + 3, max);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(read(rs));
                }
            }
        }
        return events;
    }

    /** The visitor's first pageview, or null when it has none. */
    static Event firstPageviewOf(Connection c, String websiteId, String visitorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIRST_PAGEVIEW)) {
            ps.setString(1, websiteId);
            ps.setString(2, visitorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    /** How many pageviews the visitor has, and the time of its latest identify call (null: never). */
    static VisitorTotals totalsOf(Connection c, String websiteId, String visitorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TOTALS)) {
            ps.setString(1, websiteId);
            ps.setString(2, visitorId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new VisitorTotals(rs.getLong("pageviews"), instant(rs, "identified_at"));
            }
        }
    }

    /** What {@link #totalsOf} counts. */
    record VisitorTotals(long pageviews, Instant lastIdentifiedAt) {
    }
}
