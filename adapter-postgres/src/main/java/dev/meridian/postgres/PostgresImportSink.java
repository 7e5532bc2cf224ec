package dev.meridian.postgres;

import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ImportSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imported history in bulk, one transaction per call and not through group commit: insert the events with
 * {@code on conflict do nothing} (the primary key {@code (website_id, occurred_at, id)} makes an import's
 * deterministic ids idempotent, no extra column needed), keep the ones inserted, lock their visitors' rows
 * ({@code SELECT … FOR UPDATE} in key order, as the group-commit writer does, so the two never deadlock on
 * visitors), apply the update and write the rows back with one statement each.
 */
final class PostgresImportSink implements ImportSink {

    private static final String INSERT = "insert into events (website_id, occurred_at, id, visitor_id, session_id, type, "
            + "path, referrer, country_code, extra_data) select ?, " + VisitorRows.fromMicros("occurred_at")
            + ", id, visitor_id, "
            + "session_id, type, path, referrer, country_code, extra_data::json from unnest(?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(occurred_at, id, "
            + "visitor_id, session_id, type, path, referrer, country_code, extra_data) "
            + "on conflict do nothing returning id";

    private final Database database;
    private final EventPartitions partitions;

    PostgresImportSink(Database database, EventPartitions partitions) {
        this.database = database;
        this.partitions = partitions;
    }

    @Override
    public List<Event> appendAll(String websiteId, List<Event> events, ImportedVisitorUpdate update) {
        Objects.requireNonNull(update, "update");
        if (events.isEmpty()) {
            return List.of();
        }
        List<Instant> times = new ArrayList<>(events.size());
        for (Event e : events) {
            if (!e.websiteId().equals(websiteId)) {
                throw new IllegalArgumentException("event " + e.id() + " is not of website " + websiteId);
            }
            times.add(e.timestamp());
        }
        try {
            partitions.ensureFor(times);
        } catch (SQLException e) {
            throw StorageFailures.translate("creating event partitions", e);
        }
        return database.inTransaction("importing events", c -> {
            Set<String> inserted = insertNew(c, websiteId, events);
            List<Event> stored = new ArrayList<>(inserted.size());
            Map<VisitorKey, List<Event>> byVisitor = new TreeMap<>();
            for (Event e : events) {
                if (inserted.contains(e.id())) {
                    stored.add(e);
                    byVisitor.computeIfAbsent(new VisitorKey(websiteId, e.visitorId()), k -> new ArrayList<>()).add(e);
                }
            }
            if (byVisitor.isEmpty()) {
                return stored;
            }
            Map<VisitorKey, VisitorState> current = VisitorRows.lock(c, byVisitor.keySet());
            List<VisitorState> updated = new ArrayList<>();
            List<VisitorState> created = new ArrayList<>();
            for (Map.Entry<VisitorKey, List<Event>> visitor : byVisitor.entrySet()) {
                VisitorKey key = visitor.getKey();
                VisitorState before = current.get(key);
                VisitorState next = update.apply(Optional.ofNullable(before), List.copyOf(visitor.getValue()));
                if (next == null) {
                    throw new NullPointerException("an update must return a state");
                }
                if (!next.websiteId().equals(key.websiteId()) || !next.visitorId().equals(key.visitorId())) {
                    throw new IllegalArgumentException("an update may not move a visitor to another website or id");
                }
                (before == null ? created : updated).add(next);
            }
            VisitorRows.update(c, updated);
            if (!VisitorRows.insert(c, created).isEmpty()) {
                // live tracking inserted one of these visitors meanwhile: run again on its stored row
                throw new SQLException("visitor inserted concurrently", "40001");
            }
            return stored;
        });
    }

    /** Inserts the events not stored yet; returns the ids of those inserted. */
    private static Set<String> insertNew(Connection c, String websiteId, List<Event> events) throws SQLException {
        String[][] columns = new String[9][events.size()];
        for (int row = 0; row < events.size(); row++) {
            Event e = events.get(row);
            columns[0][row] = VisitorRows.micros(e.timestamp());
            columns[1][row] = e.id();
            columns[2][row] = e.visitorId();
            columns[3][row] = e.sessionId();
            columns[4][row] = e.type().wireName();
            columns[5][row] = e.path();
            columns[6][row] = e.referrer();
            columns[7][row] = e.countryCode();
            columns[8][row] = Columns.json(e.extraData());
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, websiteId);
            for (int col = 0; col < columns.length; col++) {
                ps.setArray(col + 2, c.createArrayOf("text", columns[col]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return inserted;
    }
}
