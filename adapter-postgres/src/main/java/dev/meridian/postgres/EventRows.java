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
     * The visitor's events go through the {@code events_visitor} index (V8): website, visitor, time; its latest
     * pageviews and its latest goals, each limited on its own, oldest first.
     */
    private static final String JOURNEY = "select * from ((" + SELECT + "where website_id = ? and visitor_id = ? "
            + "and type = 'pageview' order by occurred_at desc, id desc limit ?) union all (" + SELECT
            + "where website_id = ? and visitor_id = ? and type = 'custom' order by occurred_at desc, id desc limit ?)) j "
            + "order by occurred_at, id";

    private static final String FIRST_PAGEVIEW = SELECT + "where website_id = ? and visitor_id = ? "
            + "and type = 'pageview' order by occurred_at, id limit 1";

    private static final String TOTALS = "select count(*) filter (where type = 'pageview') as pageviews, "
            + "max(occurred_at) filter (where type = 'identify') as identified_at "
            + "from events where website_id = ? and visitor_id = ?";

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
     * {@code events_visitor} index of V8, read backwards once for each type).
     */
    static List<Event> journeyOf(Connection c, String websiteId, String visitorId, int max) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(JOURNEY)) {
            ps.setString(1, websiteId);
            ps.setString(2, visitorId);
            ps.setInt(3, max);
            ps.setString(4, websiteId);
            ps.setString(5, visitorId);
            ps.setInt(6, max);
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
