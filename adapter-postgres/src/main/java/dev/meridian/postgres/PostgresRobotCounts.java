package dev.meridian.postgres;

import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.out.RobotCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The robot_counts table: one row per website and UTC day, counts added by upsert; and robot_visitors (V11): one row
 * per website and visitor id a robot's pageview carried, its last time by upsert, pruned with the events' retention.
 */
public final class PostgresRobotCounts implements RobotCounts {

    /** Every count in one statement (one round trip), the rows in {@link #LOCK_ORDER}. */
    private static final String ADD = "insert into robot_counts (website_id, day, count) "
            + "select * from unnest(?::text[], ?::text[]::date[], ?::int8[]) "
            + "on conflict (website_id, day) do update set count = robot_counts.count + excluded.count";

    private static final String COUNT = "select coalesce(sum(count), 0), coalesce(sum(count) filter (where day = ?), 0) "
            + "from robot_counts where website_id = ?";

    /** Every visitor in one statement, rows in key order (no deadlock between nodes); a time never goes back. */
    private static final String REMEMBER = "insert into robot_visitors (website_id, visitor_id, last_seen_at) "
            + "select u.w, u.v, " + VisitorRows.fromMicros("u.t") + " from unnest(?::text[], ?::text[], ?::text[]) "
            + "as u(w, v, t) "
            + "on conflict (website_id, visitor_id) do update "
            + "set last_seen_at = greatest(robot_visitors.last_seen_at, excluded.last_seen_at)";

    private static final String IS_ROBOT = "select 1 from robot_visitors where website_id = ? and visitor_id = ?";

    private static final String PRUNE = "delete from robot_visitors where last_seen_at < ?";

    private static final Comparator<RobotVisitor> VISITOR_ORDER =
            Comparator.comparing(RobotVisitor::websiteId).thenComparing(RobotVisitor::visitorId);

    /** Rows locked in one order by every add, so concurrent adds (several nodes) never deadlock. */
    private static final Comparator<RobotDay> LOCK_ORDER =
            Comparator.comparing(RobotDay::websiteId).thenComparing(RobotDay::day);

    private final Database database;

    PostgresRobotCounts(Database database) {
        this.database = database;
    }

    @Override
    public void add(Map<RobotDay, Long> counts) {
        counts.forEach((day, count) -> {
            Objects.requireNonNull(day, "day");
            if (count == null || count < 1) {
                throw new IllegalArgumentException("robot count of " + day + " must be >= 1, got " + count);
            }
        });
        if (counts.isEmpty()) {
            return;
        }
        List<RobotDay> days = counts.keySet().stream().sorted(LOCK_ORDER).toList();
        database.read("adding robot counts", c -> {
            try (PreparedStatement ps = c.prepareStatement(ADD)) {
                ps.setArray(1, c.createArrayOf("text", days.stream().map(RobotDay::websiteId).toArray()));
                ps.setArray(2, c.createArrayOf("text", days.stream().map(day -> day.day().toString()).toArray()));
                ps.setArray(3, c.createArrayOf("int8", days.stream().map(counts::get).toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void rememberVisitors(Map<RobotVisitor, Instant> lastSeen) {
        lastSeen.forEach((visitor, at) -> {
            Objects.requireNonNull(visitor, "visitor");
            Objects.requireNonNull(at, "last seen of " + visitor);
        });
        if (lastSeen.isEmpty()) {
            return;
        }
        List<RobotVisitor> visitors = lastSeen.keySet().stream().sorted(VISITOR_ORDER).toList();
        database.read("remembering robot visitors", c -> {
            try (PreparedStatement ps = c.prepareStatement(REMEMBER)) {
                ps.setArray(1, c.createArrayOf("text", visitors.stream().map(RobotVisitor::websiteId).toArray()));
                ps.setArray(2, c.createArrayOf("text", visitors.stream().map(RobotVisitor::visitorId).toArray()));
                ps.setArray(3, c.createArrayOf("text", visitors.stream()
                        .map(v -> VisitorRows.micros(lastSeen.get(v))).toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean isRobotVisitor(String websiteId, String visitorId) {
        return database.read("reading robot visitors", c -> {
            try (PreparedStatement ps = c.prepareStatement(IS_ROBOT)) {
                ps.setString(1, websiteId);
                ps.setString(2, visitorId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Forgets the robot visitors last seen before {@code cutoff} (the events' retention); returns how many. */
    int pruneVisitorsBefore(Instant cutoff) {
        return database.read("pruning robot visitors", c -> {
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                Columns.setInstant(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public RobotCount count(String websiteId, LocalDate today) {
        return database.read("reading robot counts", c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setObject(1, today);
                ps.setString(2, websiteId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new RobotCount(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }
}
