package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every value type the import copies, sent in binary and read back by PostgreSQL as the same value. */
class BinaryCopyRowsTest {

    static final List<String> COLUMNS = List.of("t", "j", "i", "f", "b", "at", "n");

    @Test
    void everyTypeIsStoredAsTheValueWritten() throws SQLException {
        List<BigDecimal> amounts = List.of(new BigDecimal("0"), new BigDecimal("0.00"), new BigDecimal("49.99"),
                new BigDecimal("-5"), new BigDecimal("123456789.123456789"), new BigDecimal("1000000000000000000000000000000"),
                new BigDecimal("0.0001"), new BigDecimal("10000"), new BigDecimal("9999.9999"));
        List<Instant> times = List.of(Instant.parse("2026-11-26T21:58:25.123456Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("2000-01-01T00:00:00Z"));
        BinaryCopyRows rows = new BinaryCopyRows(COLUMNS.size());
        for (int i = 0; i < amounts.size(); i++) {
            rows.row().text("Zürich ✓ " + i).json("{\"k\":\"v" + i + "\"}").int4(i - 4).float8(i * -1.25)
                    .bool(i % 2 == 0).timestamptz(times.get(i % times.size())).numeric(amounts.get(i));
        }
        rows.row().text(null).json(null).int4(0).float8(null).bool(false).timestamptz(null).numeric(null);

        try (Connection c = TestDatabase.storage().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table copied (t text, j json, i integer, f double precision, b boolean, "
                        + "at timestamptz, n numeric) on commit drop");
            }
            assertThat(rows.copyInto(c, "copied", COLUMNS)).isEqualTo(amounts.size() + 1);
            List<List<Object>> read = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select t, j::text, i, f, b, at, n from copied")) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(6, OffsetDateTime.class);
                    read.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getInt(3),
                            rs.getObject(4), rs.getObject(5), at == null ? null : at.toInstant(), rs.getBigDecimal(7)));
                }
            }
            c.rollback();
            for (int i = 0; i < amounts.size(); i++) {
                assertThat(read.get(i)).containsExactly("Zürich ✓ " + i, "{\"k\":\"v" + i + "\"}", i - 4, i * -1.25,
                        i % 2 == 0, times.get(i % times.size()), amounts.get(i));
            }
            assertThat(read.get(amounts.size())).containsExactly(null, null, 0, null, false, null, null);
        }
    }

    @Test
    void timestampsAreRoundedToTheMicrosecondHalfUp() throws SQLException {
        BinaryCopyRows rows = new BinaryCopyRows(1);
        rows.row().timestamptz(Instant.parse("2026-01-01T00:00:01.000001500Z"));
        rows.row().timestamptz(Instant.parse("2026-01-01T00:00:01.000001499Z"));
        try (Connection c = TestDatabase.storage().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table copied_times (at timestamptz) on commit drop");
            }
            rows.copyInto(c, "copied_times", List.of("at"));
            List<Instant> read = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select at from copied_times")) {
                while (rs.next()) {
                    read.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            c.rollback();
            assertThat(read).containsExactly(Instant.parse("2026-01-01T00:00:01.000002Z"),
                    Instant.parse("2026-01-01T00:00:01.000001Z"));
        }
    }

    @Test
    void columnNamesMustMatchTheRowWidth() {
        BinaryCopyRows rows = new BinaryCopyRows(2);
        assertThatThrownBy(() -> rows.copyInto(null, "t", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 column names for rows of 2");
    }
}
