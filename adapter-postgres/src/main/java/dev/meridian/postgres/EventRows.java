package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;
import static dev.meridian.postgres.Columns.setText;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link Event} as a row of the time-partitioned {@code events} table. */
final class EventRows {

    private static final String INSERT = "insert into events (website_id, occurred_at, id, visitor_id, session_id, type, "
            + "path, referrer, country_code, extra_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)";

    private static final String RECENT = "select website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, "
            + "country_code, extra_data from events where website_id = ? and occurred_at >= ? "
            + "order by occurred_at desc, id desc limit ?";

    private EventRows() {
    }

    /** Inserts {@code events}. */
    static void insert(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Event e : events) {
                ps.setString(1, e.websiteId());
                setInstant(ps, 2, e.timestamp());
                ps.setString(3, e.id());
                ps.setString(4, e.visitorId());
                setText(ps, 5, e.sessionId());
                ps.setString(6, e.type().wireName());
                setText(ps, 7, e.path());
                setText(ps, 8, e.referrer());
                setText(ps, 9, e.countryCode());
                ps.setString(10, Columns.json(e.extraData()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<Event> recent(Connection c, String websiteId, Instant since, int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RECENT)) {
            ps.setString(1, websiteId);
            setInstant(ps, 2, since);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(
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
                            Columns.map(rs.getString("extra_data"))));
                }
            }
        }
        return events;
    }
}
