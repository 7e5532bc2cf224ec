package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random multi-row inserts, updates (a visitor's latest pageview moving to another hour, the same hour, none) and
 * deletes, on two connections (two backends: two slots), some in one transaction: afterwards the counts V13's triggers
 * keep are the visitors counted per hour, and the list's total of any period (whole hours or not) is the plain count.
 */
class VisitorHourCountsPropertyTest {

    private static final String SITE = "w-hour-counts-property";
    private static final Instant H = Instant.parse("2026-03-10T10:00:00Z");
    /** The visitors' latest pageviews fall within 3 days from H. */
    private static final int MINUTES = 3 * 24 * 60;

    /**
     * One statement: kind 0 inserts visitors {@code first … first + count - 1} (a key stored already is left as it is),
     * kind 1 updates and kind 2 deletes the visitors whose id hashes to {@code r} modulo {@code m}; a visitor's time is
     * a function of its number and {@code a}, {@code b}: no pageview for some.
     */
    record Write(int kind, int first, int count, int m, int r, int a, int b, boolean otherConnection,
            boolean commitAfter) {
    }

    record Period(int fromSeconds, int lengthSeconds) {
    }

    @Property(tries = 25)
    void theKeptCountsAreThoseOfTheVisitorsAndTheTotalOfAnyPeriodIsThePlainCount(
            @ForAll("writes") List<Write> writes, @ForAll("periods") List<Period> periods) throws SQLException {
        try (Connection one = TestDatabase.storage().dataSource().getConnection();
                Connection two = TestDatabase.storage().dataSource().getConnection()) {
            try (Statement s = one.createStatement()) {
                s.execute("truncate visitors");
            }
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            Connection last = one;
            for (Write w : writes) {
                Connection c = w.otherConnection() ? two : one;
                if (c != last) {
                    last.commit(); // the other transaction would wait for its row locks: this thread holds them
                    last = c;
                }
                try (PreparedStatement ps = c.prepareStatement(sql(w))) {
                    ps.executeUpdate();
                }
                if (w.commitAfter()) {
                    c.commit();
                }
            }
            last.commit();
            one.setAutoCommit(true);

            assertThat(VisitorHourCountsTest.kept(one)).isEqualTo(VisitorHourCountsTest.counted(one));
            for (Period p : periods) {
                Instant from = H.plusSeconds(p.fromSeconds());
                Instant to = from.plusSeconds(p.lengthSeconds());
                assertThat(VisitorRows.countByHours(one, SITE, from, to)).as("[%s, %s)", from, to)
                        .isEqualTo(plainCount(one, from, to));
            }
        }
    }

    /** Visitor number {@code i}'s latest pageview: null for some, else a minute and second of the 3 days. */
    private static String time(String i, int a, int b) {
        String x = "(" + i + " * " + a + " + " + b + ")";
        return "case when " + x + " % 13 = 0 then null else timestamptz '" + H + "' + (" + x + " % " + MINUTES
                + ") * interval '1 minute' + (" + i + " % 60) * interval '1 second' end";
    }

    private static String sql(Write w) {
        String chosen = "abs(hashtext(visitor_id)) % " + w.m() + " = " + w.r();
        return switch (w.kind()) {
            case 0 -> "insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, "
                    + "session_started_at, visit_count, identified, profile_fields, is_customer, revenue) "
                    + "select '" + SITE + "', 'v' || i, timestamptz '" + H + "', timestamptz '" + H + "', "
                    + time("i", w.a(), w.b()) + ", timestamptz '" + H + "', 1, false, '{}', false, 0 "
                    + "from generate_series(" + w.first() + ", " + (w.first() + w.count() - 1) + ") i "
                    + "on conflict do nothing";
            case 1 -> "update visitors set last_pageview_at = " + time("substr(visitor_id, 2)::int", w.a(), w.b())
                    + " where website_id = '" + SITE + "' and " + chosen;
            default -> "delete from visitors where website_id = '" + SITE + "' and " + chosen;
        };
    }

    private static long plainCount(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from visitors where website_id = ? "
                + "and last_pageview_at >= ? and last_pageview_at < ?")) {
            ps.setString(1, SITE);
            Columns.setInstant(ps, 2, from);
            Columns.setInstant(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        Arbitrary<Integer> kind = Arbitraries.frequency(
                Tuple.of(5, 0), Tuple.of(4, 1), Tuple.of(1, 2));
        Arbitrary<Write> write = Combinators.combine(List.of(kind, Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(1, 200), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 997), Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(0, 1))).as(v -> {
                    int m = v.get(3);
                    return new Write(v.get(0), v.get(1), v.get(2), m, v.get(4) % m, v.get(4), v.get(5),
                            v.get(6) == 1, v.get(1) % 3 == 0);
                });
        return write.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Period>> periods() {
        Arbitrary<Integer> from = Arbitraries.oneOf(Arbitraries.integers().between(-7200, MINUTES * 60),
                Arbitraries.integers().between(-2, MINUTES / 60 + 2).map(h -> h * 3600));
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(0, 7200),
                Arbitraries.integers().between(0, MINUTES * 60 + 7200),
                Arbitraries.integers().between(0, 80).map(h -> h * 3600));
        return Combinators.combine(from, length).as(Period::new).list().ofMinSize(1).ofMaxSize(20);
    }
}
