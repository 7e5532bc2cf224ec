package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.nullableDouble;
import static dev.meridian.postgres.Columns.setDouble;
import static dev.meridian.postgres.Columns.setInstant;
import static dev.meridian.postgres.Columns.setText;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link VisitorState} as a row of the {@code visitors} table. */
final class VisitorRows {

    /** Key columns first, in this order. */
    static final List<String> COLUMNS = List.of(
            "website_id", "visitor_id", "first_seen_at", "last_seen_at", "last_pageview_at", "session_id",
            "session_started_at", "visit_count", "current_url", "session_referrer",
            "param_ref", "param_source", "param_via", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
            "city", "region", "country_code", "latitude", "longitude",
            "browser", "os", "device_type",
            "ft_device", "ft_os", "ft_browser", "ft_country", "ft_referrer",
            "identified", "user_id", "display_name", "image_url", "profile_fields",
            "is_customer", "customer_name", "customer_email", "revenue");

    static final String SELECT = "select " + String.join(", ", COLUMNS) + " from visitors ";

    private static final String INSERT = "insert into visitors (" + String.join(", ", COLUMNS) + ") values ("
            + COLUMNS.stream().map(c -> c.equals("profile_fields") ? "?::json" : "?").collect(Collectors.joining(", "))
            + ") on conflict (website_id, visitor_id) do nothing";

    /** Sets every non-key column; the two key parameters come last. */
    private static final String UPDATE = "update visitors set "
            + COLUMNS.subList(2, COLUMNS.size()).stream()
                    .map(c -> c + (c.equals("profile_fields") ? " = ?::json" : " = ?"))
                    .collect(Collectors.joining(", "))
            + " where website_id = ? and visitor_id = ?";

    private static final String LOCK = SELECT
            + "where (website_id, visitor_id) in (select * from unnest(?::text[], ?::text[])) "
            + "order by website_id, visitor_id for update";

    private VisitorRows() {
    }

    /** Locks the stored rows of {@code keys} (in key order, so concurrent writers never deadlock) and reads them. */
    static Map<VisitorKey, VisitorState> lock(Connection c, Collection<VisitorKey> keys) throws SQLException {
        String[] websites = new String[keys.size()];
        String[] visitors = new String[keys.size()];
        int i = 0;
        for (VisitorKey key : keys) {
            websites[i] = key.websiteId();
            visitors[i] = key.visitorId();
            i++;
        }
        Map<VisitorKey, VisitorState> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setArray(1, c.createArrayOf("text", websites));
            ps.setArray(2, c.createArrayOf("text", visitors));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    VisitorState state = read(rs);
                    found.put(new VisitorKey(state.websiteId(), state.visitorId()), state);
                }
            }
        }
        return found;
    }

    static Optional<VisitorState> lockOne(Connection c, String websiteId, String visitorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where website_id = ? and visitor_id = ? for update")) {
            ps.setString(1, websiteId);
            ps.setString(2, visitorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Updates rows that exist and are locked by this transaction. */
    static void update(Connection c, List<VisitorState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            for (VisitorState state : states) {
                int next = bindValues(ps, 1, state);
                ps.setString(next, state.websiteId());
                ps.setString(next + 1, state.visitorId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Inserts rows of visitors this transaction found absent.
     *
     * @return the states another transaction inserted first (nothing of those was written)
     */
    static List<VisitorState> insert(Connection c, List<VisitorState> states) throws SQLException {
        if (states.isEmpty()) {
            return List.of();
        }
        List<VisitorState> conflicting = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (VisitorState state : states) {
                ps.setString(1, state.websiteId());
                ps.setString(2, state.visitorId());
                bindValues(ps, 3, state);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    conflicting.add(states.get(i));
                }
            }
        }
        return conflicting;
    }

    /** Binds every non-key column from {@code first}; returns the next parameter index. */
    private static int bindValues(PreparedStatement ps, int first, VisitorState s) throws SQLException {
        int i = first;
        setInstant(ps, i++, s.firstSeenAt());
        setInstant(ps, i++, s.lastSeenAt());
        setInstant(ps, i++, s.lastPageviewAt());
        setText(ps, i++, s.sessionId());
        setInstant(ps, i++, s.sessionStartedAt());
        ps.setInt(i++, s.visitCount());
        setText(ps, i++, s.currentUrl());
        setText(ps, i++, s.sessionReferrer());
        TrackingParams p = s.sessionParams();
        setText(ps, i++, p.ref());
        setText(ps, i++, p.source());
        setText(ps, i++, p.via());
        setText(ps, i++, p.utmSource());
        setText(ps, i++, p.utmMedium());
        setText(ps, i++, p.utmCampaign());
        setText(ps, i++, p.utmContent());
        setText(ps, i++, p.utmTerm());
        Location l = s.location();
        setText(ps, i++, l.city());
        setText(ps, i++, l.region());
        setText(ps, i++, l.countryCode());
        setDouble(ps, i++, l.latitude());
        setDouble(ps, i++, l.longitude());
        SystemInfo sys = s.system();
        setText(ps, i++, sys.browser());
        setText(ps, i++, sys.os());
        setText(ps, i++, sys.deviceType());
        VisitorDimensions ft = s.firstTouch();
        setText(ps, i++, ft == null ? null : ft.device());
        setText(ps, i++, ft == null ? null : ft.os());
        setText(ps, i++, ft == null ? null : ft.browser());
        setText(ps, i++, ft == null ? null : ft.country());
        setText(ps, i++, ft == null ? null : ft.referrer());
        Profile profile = s.profile();
        ps.setBoolean(i++, profile.identified());
        setText(ps, i++, profile.userId());
        setText(ps, i++, profile.displayName());
        setText(ps, i++, profile.imageUrl());
        ps.setString(i++, Columns.json(profile.fields()));
        CustomerInfo customer = s.customer();
        ps.setBoolean(i++, customer.customer());
        setText(ps, i++, customer.name());
        setText(ps, i++, customer.email());
        ps.setBigDecimal(i++, customer.revenue());
        return i;
    }

    static VisitorState read(ResultSet rs) throws SQLException {
        String ftReferrer = rs.getString("ft_referrer");
        VisitorDimensions firstTouch = ftReferrer == null ? null : new VisitorDimensions(
                rs.getString("ft_device"), rs.getString("ft_os"), rs.getString("ft_browser"),
                rs.getString("ft_country"), ftReferrer);
        return new VisitorState(
                rs.getString("website_id"),
                rs.getString("visitor_id"),
                instant(rs, "first_seen_at"),
                instant(rs, "last_seen_at"),
                instant(rs, "last_pageview_at"),
                rs.getString("session_id"),
                instant(rs, "session_started_at"),
                rs.getInt("visit_count"),
                rs.getString("current_url"),
                rs.getString("session_referrer"),
                new TrackingParams(rs.getString("param_ref"), rs.getString("param_source"), rs.getString("param_via"),
                        rs.getString("utm_source"), rs.getString("utm_medium"), rs.getString("utm_campaign"),
                        rs.getString("utm_content"), rs.getString("utm_term")),
                new Location(rs.getString("city"), rs.getString("region"), rs.getString("country_code"),
                        nullableDouble(rs, "latitude"), nullableDouble(rs, "longitude")),
                new SystemInfo(rs.getString("browser"), rs.getString("os"), rs.getString("device_type")),
                firstTouch,
                new Profile(rs.getBoolean("identified"), rs.getString("user_id"), rs.getString("display_name"),
                        rs.getString("image_url"), Columns.map(rs.getString("profile_fields"))),
                new CustomerInfo(rs.getBoolean("is_customer"), rs.getString("customer_name"),
                        rs.getString("customer_email"), rs.getBigDecimal("revenue")));
    }

    /** One visitor of one website. */
    record VisitorKey(String websiteId, String visitorId) implements Comparable<VisitorKey> {

        @Override
        public int compareTo(VisitorKey o) {
            int byWebsite = websiteId.compareTo(o.websiteId);
            return byWebsite != 0 ? byWebsite : visitorId.compareTo(o.visitorId);
        }
    }
}
