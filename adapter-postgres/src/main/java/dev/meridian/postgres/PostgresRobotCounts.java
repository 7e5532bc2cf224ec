package dev.meridian.postgres;

import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.out.RobotCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The robot_counts table: one row per website and UTC day, counts added by upsert. */
public final class PostgresRobotCounts implements RobotCounts {

    /** Every count in one statement (one round trip), the rows in {@link #LOCK_ORDER}. */
    private static final String ADD = "insert into robot_counts (website_id, day, count) "
            + "select * from unnest(?::text[], ?::text[]::date[], ?::int8[]) "
            + "on conflict (website_id, day) do update set count = robot_counts.count + excluded.count";

    private static final String COUNT = "select coalesce(sum(count), 0), coalesce(sum(count) filter (where day = ?), 0) "
            + "from robot_counts where website_id = ?";

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
