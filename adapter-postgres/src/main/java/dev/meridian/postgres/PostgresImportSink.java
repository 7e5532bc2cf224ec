package dev.meridian.postgres;

import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ImportSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.stream.Collectors;

/**
 * Imported history in bulk, one transaction per call and not through group commit. Rows travel in PostgreSQL's
 * binary COPY format ({@link BinaryCopyRows}):
 * <ul>
 *   <li>events: when the website has no event at all between the batch's first and last timestamp (one index
 *   probe), none of them can be stored already and they are copied straight into {@code events}; otherwise they are
 *   copied into a temporary table and inserted from it with {@code on conflict do nothing} (the primary key
 *   {@code (website_id, occurred_at, id)} makes an import's deterministic ids idempotent). Two imports of the same
 *   lines racing on the first path: the later one's COPY meets the primary key, and the whole call runs again,
 *   then on the second path;
 *   <li>visitors: the rows of the batch's visitors are locked and read ({@code SELECT … FOR UPDATE} in key order, as
 *   the group-commit writer does, so the two never deadlock), the update applied; new visitors are copied straight
 *   into {@code visitors} (live tracking inserting one meanwhile meets the primary key: the call runs again on its
 *   stored row), existing ones are copied into a temporary table and written with one {@code update … from}.
 * </ul>
 */
final class PostgresImportSink implements ImportSink {

    private static final String ANY_EVENT_BETWEEN = "select exists (select 1 from events where website_id = ? "
            + "and occurred_at between ? and ?)";

    /** Per session, emptied by every commit. */
    private static final String EVENTS_TABLE = "create temporary table if not exists import_events "
            + "(like events including defaults) on commit delete rows";
    private static final String INSERT_FROM_TABLE = "insert into events (" + String.join(", ", EventRows.COLUMNS) + ") "
            + "select " + String.join(", ", EventRows.COLUMNS) + " from import_events on conflict do nothing returning id";

    static final String VISITORS_TABLE = "create temporary table if not exists import_visitors "
            + "(like visitors including defaults) on commit delete rows";
    static final String UPDATE_FROM_TABLE = "update visitors v set "
            + VisitorRows.COLUMNS.subList(2, VisitorRows.COLUMNS.size()).stream().map(c -> c + " = u." + c)
                    .collect(Collectors.joining(", "))
            + " from import_visitors u where v.website_id = u.website_id and v.visitor_id = u.visitor_id";

    /**
     * Settings of an import's transaction. The temporary table of visitors has no statistics: the planner would
     * hash-join it with a sequential scan of all the table's visitors, a cost growing with the table, so joins are
     * primary-key look-ups (the transaction plans no other join). The 64 MB of {@code work_mem} were for the sort of
     * a part's whole visitor rows when they were locked; the lock is now a primary-key look-up per visitor in key
     * order ({@link VisitorRows#LOCK}) and sorts nothing, and the setting stays until the import is measured again.
     */
    static final String IMPORT_SETTINGS = "set local enable_hashjoin = off; set local enable_mergejoin = off; "
            + "set local work_mem = '64MB'";

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";

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
            execute(c, IMPORT_SETTINGS);
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
                VisitorState next = VisitorRows.checkedUpdate(key,
                        update.apply(Optional.ofNullable(before), List.copyOf(visitor.getValue())));
                (before == null ? created : updated).add(next);
            }
            updateFromTable(c, updated);
            insertNewVisitors(c, created);
            MapNotifications.send(c, List.of(websiteId));
            return stored;
        });
    }

    /** Stores the events not stored yet; returns the ids of those stored. */
    private static Set<String> insertNew(Connection c, String websiteId, List<Event> events) throws SQLException {
        BinaryCopyRows rows = new BinaryCopyRows(EventRows.COLUMNS.size());
        Instant first = events.get(0).timestamp();
        Instant last = first;
        for (Event e : events) {
            EventRows.copyRow(rows, e);
            first = e.timestamp().isBefore(first) ? e.timestamp() : first;
            last = e.timestamp().isAfter(last) ? e.timestamp() : last;
        }
        Set<String> inserted = new HashSet<>();
        if (!anyEventBetween(c, websiteId, first, last)) {
            uniqueViolationRunsAgain(() -> rows.copyInto(c, "events", EventRows.COLUMNS), "events imported concurrently");
            for (Event e : events) {
                inserted.add(e.id());
            }
            return inserted;
        }
        execute(c, EVENTS_TABLE);
        rows.copyInto(c, "import_events", EventRows.COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(INSERT_FROM_TABLE); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                inserted.add(rs.getString(1));
            }
        }
        return inserted;
    }

    private static boolean anyEventBetween(Connection c, String websiteId, Instant first, Instant last)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANY_EVENT_BETWEEN)) {
            ps.setString(1, websiteId);
            Columns.setInstant(ps, 2, first);
            Columns.setInstant(ps, 3, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void updateFromTable(Connection c, List<VisitorState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        BinaryCopyRows rows = new BinaryCopyRows(VisitorRows.COLUMNS.size());
        for (VisitorState state : states) {
            VisitorRows.copyRow(rows, state);
        }
        execute(c, VISITORS_TABLE);
        rows.copyInto(c, "import_visitors", VisitorRows.COLUMNS);
        execute(c, UPDATE_FROM_TABLE);
    }

    private static void insertNewVisitors(Connection c, List<VisitorState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        BinaryCopyRows rows = new BinaryCopyRows(VisitorRows.COLUMNS.size());
        for (VisitorState state : states) {
            VisitorRows.copyRow(rows, state);
        }
        // live tracking inserted one of these visitors meanwhile: run again on its stored row
        uniqueViolationRunsAgain(() -> rows.copyInto(c, "visitors", VisitorRows.COLUMNS), "visitor inserted concurrently");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A primary-key conflict with a concurrent writer becomes a serialization failure, which runs the call again. */
    private static void uniqueViolationRunsAgain(Copy copy, String what) throws SQLException {
        try {
            copy.run();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new SQLException(what, SERIALIZATION_FAILURE, e);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Copy {
        long run() throws SQLException;
    }
}
