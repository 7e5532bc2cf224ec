package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;
import static dev.meridian.postgres.Columns.setText;

import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Websites;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The websites table. */
public final class PostgresWebsites implements Websites {

    private static final String COLUMNS = "id, tracking_id, domain, name, currency, timezone, allowed_hostnames, created_at";

    private static final String UPSERT = "insert into websites (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?) "
            + "on conflict (id) do update set tracking_id = excluded.tracking_id, domain = excluded.domain, "
            + "name = excluded.name, currency = excluded.currency, timezone = excluded.timezone, "
            + "allowed_hostnames = excluded.allowed_hostnames, created_at = excluded.created_at";

    private final Database database;

    PostgresWebsites(Database database) {
        this.database = database;
    }

    @Override
    public void save(Website w) {
        database.read("saving a website", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, w.id());
                ps.setString(2, w.trackingId());
                ps.setString(3, w.domain());
                setText(ps, 4, w.name());
                ps.setString(5, w.currency());
                ps.setString(6, w.timezone());
                ps.setArray(7, c.createArrayOf("text", w.allowedHostnames().toArray()));
                setInstant(ps, 8, w.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Website> byId(String id) {
        return one("select " + COLUMNS + " from websites where id = ?", id);
    }

    @Override
    public Optional<Website> byTrackingId(String trackingId) {
        return one("select " + COLUMNS + " from websites where tracking_id = ?", trackingId);
    }

    @Override
    public List<Website> all() {
        return database.read("reading websites", c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from websites order by created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<Website> websites = new ArrayList<>();
                while (rs.next()) {
                    websites.add(read(rs));
                }
                return websites;
            }
        });
    }

    private Optional<Website> one(String sql, String key) {
        return database.read("reading a website", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Website read(ResultSet rs) throws SQLException {
        String[] hostnames = (String[]) rs.getArray("allowed_hostnames").getArray();
        return new Website(rs.getString("id"), rs.getString("tracking_id"), rs.getString("domain"), rs.getString("name"),
                rs.getString("currency"), rs.getString("timezone"), Arrays.asList(hostnames), instant(rs, "created_at"));
    }
}
