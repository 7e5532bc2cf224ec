package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The visitors per website and hour that V13's triggers keep ({@code visitor_hour_counts}) stay those of the visitors
 * table through every path that writes visitors, and the list's total summed from them is the plain count.
 */
class VisitorHourCountsTest {

    static final Instant H = Instant.parse("2026-03-10T10:00:00Z");

    PostgresStorage storage;
    Meridian meridian;
    Website website;
    final AtomicReference<Instant> now = new AtomicReference<>(H.plus(Duration.ofMinutes(20)));

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
        storage = TestDatabase.storage();
        meridian = Meridian.builder()
                .storage(storage)
                .clock(now::get)
                .deviceDetector(ua -> ua != null && ua.contains("bot")
                        ? new ClientDevice(SystemInfo.UNKNOWN, true) : ClientDevice.UNKNOWN)
                .conversionModels(history -> ConversionModels.NONE)
                .build();
        website = meridian.websites().create(new NewWebsite("hours.example", null, null, null));
    }

    @AfterEach
    void close() {
        meridian.close();
    }

    @Test
    void aTrackedVisitorIsCountedInTheHourOfItsLatestPageviewAndMovesWithIt() throws SQLException {
        pageview(id(1), "Firefox/127.0");
        pageview(id(2), "Firefox/127.0");
        assertThat(kept()).isEqualTo(Map.of(H, 2L)).isEqualTo(counted());

        now.set(H.plus(Duration.ofMinutes(50)));
        pageview(id(1), "Firefox/127.0");
        assertThat(kept()).isEqualTo(Map.of(H, 2L));

        now.set(H.plus(Duration.ofMinutes(70)));
        pageview(id(1), "Firefox/127.0");
        assertThat(kept()).isEqualTo(Map.of(H, 1L, H.plus(Duration.ofHours(1)), 1L)).isEqualTo(counted());
    }

    @Test
    void goalsIdentifyAndPaymentsKeepTheCountsOfTheVisitorsTheyUpdate() throws SQLException {
        pageview(id(1), "Firefox/127.0");
        now.set(H.plus(Duration.ofHours(2)));
        meridian.recordGoal().record(new GoalCommand(website.id(), id(1), "signup", null, Map.of()));
        meridian.identify().identify(new IdentifyCommand(website.id(), id(1), Map.of("user_id", "u1",
                "email", "jane@example.com")));
        meridian.recordPayment().record(new PaymentCommand(website.id(), "49", "USD", "tx-1", id(1), null, null, null,
                false, false, null));

        assertThat(kept()).isEqualTo(Map.of(H, 1L)).isEqualTo(counted());
        assertThat(total(H, H.plus(Duration.ofHours(3)))).isEqualTo(1);
    }

    @Test
    void robotsAreNeitherStoredNorCounted() throws SQLException {
        pageview(id(1), "Firefox/127.0");
        pageview(id(99), "examplebot/1.0");

        assertThat(kept()).isEqualTo(Map.of(H, 1L)).isEqualTo(counted());
    }

    @Test
    void importedVisitorsAreCountedAndAnImportOfLaterPageviewsMovesThem() throws SQLException {
        ImportReport first = meridian.importHistory().run(website.id(), importLines(0).iterator());
        assertThat(first.rejections()).isEmpty();
        assertThat(kept()).hasSize(10).isEqualTo(counted());

        meridian.importHistory().run(website.id(), importLines(0).iterator()); // stores nothing twice
        assertThat(kept()).isEqualTo(counted());

        ImportReport later = meridian.importHistory().run(website.id(), importLines(3).iterator());
        assertThat(later.eventsStored()).isEqualTo(10);
        assertThat(kept()).isEqualTo(counted());
        assertThat(kept().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
    }

    @Test
    void deletedAndTruncatedVisitorsAreNoLongerCounted() throws SQLException {
        meridian.importHistory().run(website.id(), importLines(0).iterator());
        execute("delete from visitors where visitor_id in ('" + id(100) + "', '" + id(101) + "', '" + id(102) + "')");
        assertThat(kept()).hasSize(7).isEqualTo(counted());

        execute("truncate visitors");
        assertThat(kept()).isEmpty();
        assertThat(rows("select count(*) from visitor_hour_counts")).isZero();
    }

    @Test
    void eachBackendAddsToItsOwnSlotAndTheSlotsSumUp() throws SQLException {
        List<Integer> slots = new ArrayList<>();
        try (Connection one = storage.dataSource().getConnection();
                Connection two = storage.dataSource().getConnection()) { // two backends
            for (Connection c : List.of(one, two)) {
                insertVisitor(c, "s" + slots.size(), H.plus(Duration.ofMinutes(5)));
                slots.add(backendPid(c) % 16);
            }
        }

        assertThat(kept()).isEqualTo(Map.of(H, 2L));
        try (Connection c = storage.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select slot from visitor_hour_counts where website_id = ?")) {
            ps.setString(1, website.id());
            List<Integer> stored = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getInt(1));
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(slots.stream().distinct().toList());
        }
    }

    @Test
    void theTotalOfAnyPeriodIsThePlainCount() throws SQLException {
        for (int i = 0; i < 40; i++) {
            try (Connection c = storage.dataSource().getConnection()) {
                insertVisitor(c, "p" + i, H.plus(Duration.ofMinutes(37L * i)));
            }
        }
        Instant[] bounds = {H.minus(Duration.ofHours(1)), H, H.plus(Duration.ofMinutes(1)),
                H.plus(Duration.ofMinutes(37)), H.plus(Duration.ofMinutes(59)), H.plus(Duration.ofHours(1)),
                H.plus(Duration.ofMinutes(74)), H.plus(Duration.ofHours(3)), H.plus(Duration.ofMinutes(222)),
                H.plus(Duration.ofMinutes(37 * 39)), H.plus(Duration.ofMinutes(37 * 39 + 1)), H.plus(Duration.ofDays(2))};
        for (Instant from : bounds) {
            for (Instant to : bounds) {
                assertThat(total(from, to)).as("[%s, %s)", from, to).isEqualTo(plainCount(from, to));
            }
        }
        assertThat(total(H, H.plus(Duration.ofDays(2)))).isEqualTo(40);
    }

    @Test
    void theMigrationCountsTheVisitorsStoredBeforeIt() throws SQLException {
        PGSimpleDataSource database = newDatabase();
        Flyway.configure().dataSource(database).locations("classpath:" + SchemaMigrations.LOCATION).target("12").load()
                .migrate();
        try (Connection c = database.getConnection()) {
            for (int i = 0; i < 30; i++) {
                insertVisitor(c, "m" + i, i % 7 == 0 ? null : H.plus(Duration.ofMinutes(23L * i)));
            }
        }

        SchemaMigrations.migrate(database);

        try (Connection c = database.getConnection()) {
            assertThat(kept(c)).isNotEmpty().isEqualTo(counted(c));
            assertThat(kept(c).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(25);
        }
    }

    // --- helpers

    /** A visitor id of the form tracking accepts (a UUID v4). */
    private static String id(int n) {
        return String.format("%08x-0000-4000-8000-%012x", n, n);
    }

    private void pageview(String visitor, String userAgent) {
        meridian.trackEvent().track(new TrackCommand(website.trackingId(), "hours.example", "https://hours.example/",
                null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", userAgent));
    }

    /** One line per visitor {@code id(100) … id(109)}, a pageview {@code days} days and {@code 7 * i} hours after H. */
    private static List<ImportLine> importLines(int days) {
        List<ImportLine> lines = new ArrayList<>();
        for (int v = 0; v < 10; v++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("type", "pageview");
            f.put("timestamp", H.minus(Duration.ofDays(10)).plus(Duration.ofDays(days)).plus(Duration.ofHours(7L * v))
                    .toString());
            f.put("visitorId", id(100 + v));
            f.put("sessionId", String.format("s%08x-0000-4000-8000-%012x", days, v));
            f.put("href", "https://hours.example/p" + v);
            lines.add(ImportLine.read(lines.size() + 1, f.toString(), f, Map.of()));
        }
        return lines;
    }

    private void insertVisitor(Connection c, String visitor, Instant lastPageviewAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into visitors (website_id, visitor_id, first_seen_at, "
                + "last_seen_at, last_pageview_at, session_started_at, visit_count, identified, profile_fields, "
                + "is_customer, revenue) values (?, ?, ?, ?, ?, ?, 1, false, '{}', false, 0)")) {
            Timestamp seen = Timestamp.from(H.minus(Duration.ofDays(1)));
            ps.setString(1, website == null ? "w-hours" : website.id());
            ps.setString(2, visitor);
            ps.setTimestamp(3, seen);
            ps.setTimestamp(4, seen);
            ps.setTimestamp(5, lastPageviewAt == null ? null : Timestamp.from(lastPageviewAt));
            ps.setTimestamp(6, seen);
            ps.executeUpdate();
        }
    }

    private long total(Instant from, Instant to) throws SQLException {
        try (Connection c = storage.dataSource().getConnection()) {
            return VisitorRows.countByHours(c, website.id(), from, to);
        }
    }

    private long plainCount(Instant from, Instant to) throws SQLException {
        try (Connection c = storage.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from visitors where website_id = ? "
                        + "and last_pageview_at >= ? and last_pageview_at < ?")) {
            ps.setString(1, website.id());
            Columns.setInstant(ps, 2, from);
            Columns.setInstant(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<Instant, Long> kept() throws SQLException {
        try (Connection c = storage.dataSource().getConnection()) {
            return kept(c);
        }
    }

    private Map<Instant, Long> counted() throws SQLException {
        try (Connection c = storage.dataSource().getConnection()) {
            return counted(c);
        }
    }

    /** The kept counts per hour, slots summed, hours of no visitor left out. */
    static Map<Instant, Long> kept(Connection c) throws SQLException {
        return byHour(c, "select hour, sum(visitors) from visitor_hour_counts group by hour having sum(visitors) <> 0");
    }

    /** The visitors with a pageview per hour of their latest, counted now. */
    static Map<Instant, Long> counted(Connection c) throws SQLException {
        return byHour(c, "select date_trunc('hour', last_pageview_at at time zone 'UTC') at time zone 'UTC', count(*) "
                + "from visitors where last_pageview_at is not null group by 1");
    }

    private static Map<Instant, Long> byHour(Connection c, String sql) throws SQLException {
        Map<Instant, Long> hours = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                hours.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
            }
        }
        return hours;
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A database of its own on the shared server, for the migration. */
    static PGSimpleDataSource newDatabase() {
        return TestDatabase.newDatabase("visitor_hour_counts");
    }
}
