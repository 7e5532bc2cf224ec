package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution by identify email reads the V2 partial index, not the whole visitors table. */
class ProfileEmailIndexTest {

    @Test
    void findingAVisitorByProfileEmailUsesTheProfileEmailIndex() throws Exception {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        List<String> plan = new ArrayList<>();
        try (Connection c = storage.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                // without other access paths and statistics, only an index can make the plan cheap
                s.execute("set enable_seqscan = off");
            }
            try (PreparedStatement ps = c.prepareStatement("explain " + PostgresVisitors.BY_PROFILE_EMAIL)) {
                ps.setString(1, "aaaaaaaaaaaaaaaaaaaaaaaa");
                ps.setString(2, "ada@example.com");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("reset enable_seqscan");
            }
        }
        assertThat(String.join("\n", plan)).contains("visitors_profile_email");
    }
}
