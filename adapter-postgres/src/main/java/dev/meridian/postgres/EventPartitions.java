package dev.meridian.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly (UTC) partitions of the {@code events} table, named {@code events_pYYYYMM}: created ahead of
 * time and on demand (an import may bring events of any month), dropped when older than the retention.
 */
final class EventPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");
    /** Serialises partition DDL across every node sharing the database. */
    private static final long DDL_LOCK = 0x4d65726964_01L;

    private final DataSource dataSource;
    private final Set<YearMonth> existing = ConcurrentHashMap.newKeySet();

    EventPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    /** Makes sure a partition exists for each instant's month. */
    void ensureFor(Collection<Instant> instants) throws SQLException {
        Set<YearMonth> missing = new TreeSet<>();
        // instants come in runs of one month (an import's batch is in time order): a month is looked up once per run
        Instant monthStart = Instant.MAX;
        Instant monthEnd = Instant.MIN;
        for (Instant instant : instants) {
            if (instant.isBefore(monthStart) || !instant.isBefore(monthEnd)) {
                YearMonth month = monthOf(instant);
                monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!existing.contains(month)) {
                    missing.add(month);
                }
            }
        }
        if (!missing.isEmpty()) {
            create(missing);
        }
    }

    /** Creates the partitions of {@code now}'s month and of the {@code monthsAhead} months after it. */
    void ensureAhead(Instant now, int monthsAhead) throws SQLException {
        Set<YearMonth> months = new TreeSet<>();
        YearMonth current = monthOf(now);
        for (int i = 0; i <= monthsAhead; i++) {
            months.add(current.plusMonths(i));
        }
        months.removeAll(existing);
        if (!months.isEmpty()) {
            create(months);
        }
    }

    /**
     * Drops every partition whose whole month lies before {@code cutoff}: its events are all older.
     *
     * @return the months dropped
     */
    List<YearMonth> dropBefore(Instant cutoff) throws SQLException {
        List<YearMonth> dropped = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lockDdl(c);
            for (YearMonth month : stored(c)) {
                Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!end.isAfter(cutoff)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("drop table if exists " + name(month));
                    }
                    dropped.add(month);
                }
            }
            c.commit();
        }
        dropped.forEach(existing::remove);
        if (!dropped.isEmpty()) {
            LOG.info("dropped event partitions older than {}: {}", cutoff, dropped);
        }
        return dropped;
    }

    /** Forgets what partitions exist: the next {@link #ensureFor} asks the database. */
    void forgetAll() {
        existing.clear();
    }

    /** The months that have a partition in the database. */
    List<YearMonth> stored() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return stored(c);
        }
    }

    private void create(Set<YearMonth> months) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lockDdl(c);
            List<YearMonth> present = stored(c);
            for (YearMonth month : months) {
                if (!present.contains(month)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("create table " + name(month) + " partition of events for values from ('"
                                + start(month) + "') to ('" + start(month.plusMonths(1)) + "')");
                    }
                }
            }
            c.commit();
            existing.addAll(months);
            existing.addAll(present);
        }
    }

    private static void lockDdl(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, DDL_LOCK);
            ps.execute();
        }
    }

    private static List<YearMonth> stored(Connection c) throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select child.relname from pg_inherits i "
                        + "join pg_class child on child.oid = i.inhrelid "
                        + "where i.inhparent = 'events'::regclass")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches("events_p\\d{6}")) {
                    months.add(YearMonth.parse(name.substring("events_p".length()), SUFFIX));
                }
            }
        }
        months.sort(null);
        return months;
    }

    private static String name(YearMonth month) {
        return "events_p" + month.format(SUFFIX);
    }

    private static String start(YearMonth month) {
        LocalDate first = month.atDay(1);
        return first + " 00:00:00+00";
    }
}
