package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class VisitorRowsMicrosTest {

    @Test
    void instantsAreWrittenAsMicrosecondsSinceTheEpochWithNanosecondsRoundedHalfUp() {
        assertThat(VisitorRows.micros(Instant.parse("1970-01-01T00:00:01.000001499Z"))).isEqualTo("1000001");
        assertThat(VisitorRows.micros(Instant.parse("1970-01-01T00:00:01.000001500Z"))).isEqualTo("1000002");
        assertThat(VisitorRows.micros(Instant.parse("1969-12-31T23:59:59.999999600Z"))).isEqualTo("0");
        assertThat(VisitorRows.micros(null)).isNull();
    }

    @Test
    void postgresReadsTheMicrosecondsBackAsTheSameInstant() throws SQLException {
        Instant at = Instant.parse("2026-11-26T21:58:25.123456Z");
        try (Connection c = TestDatabase.storage().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select " + VisitorRows.fromMicros("?::text") + ", "
                        + VisitorRows.fromMicros("null::text"))) {
            ps.setString(1, VisitorRows.micros(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(at);
                assertThat(rs.getObject(2)).isNull();
            }
        }
    }
}
