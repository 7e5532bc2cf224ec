package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.nullableDouble;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
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

    /** The SQL type of each of {@link #COLUMNS}. */
    private static final Map<String, String> TYPES = types();

    static final String SELECT = "select " + String.join(", ", COLUMNS) + " from visitors ";

    /** Rows come in as one text array per column (one round trip for the whole batch) and are cast here. */
    private static final String UNNEST = "unnest(" + COLUMNS.stream().map(c -> "?::text[]").collect(Collectors.joining(", "))
            + ") as u(" + String.join(", ", COLUMNS) + ")";

    static final String INSERT = "insert into visitors (" + String.join(", ", COLUMNS) + ") select "
            + COLUMNS.stream().map(VisitorRows::cast).collect(Collectors.joining(", ")) + " from " + UNNEST
            + " on conflict (website_id, visitor_id) do nothing returning website_id, visitor_id";

    static final String UPDATE = "update visitors v set "
            + COLUMNS.subList(2, COLUMNS.size()).stream().map(c -> c + " = " + cast(c)).collect(Collectors.joining(", "))
            + " from " + UNNEST + " where v.website_id = u.website_id and v.visitor_id = u.visitor_id";

    private static Map<String, String> types() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            types.put(c, "text");
        }
        for (String c : List.of("first_seen_at", "last_seen_at", "last_pageview_at", "session_started_at")) {
            types.put(c, "timestamptz");
        }
        types.put("visit_count", "integer");
        types.put("latitude", "double precision");
        types.put("longitude", "double precision");
        types.put("identified", "boolean");
        types.put("is_customer", "boolean");
        types.put("profile_fields", "json");
        types.put("revenue", "numeric");
        return types;
    }

    private static String cast(String column) {
        String type = TYPES.get(column);
        if (type.equals("timestamptz")) {
            return fromMicros("u." + column);
        }
        return type.equals("text") ? "u." + column : "u." + column + "::" + type;
    }

    /**
     * SQL of the {@code timestamptz} whose microseconds since the epoch {@code textColumn} holds (as written by
     * {@link #micros}): exact (the product of an integer and one microsecond), and cheaper for both sides than
     * formatting and parsing ISO-8601 text.
     */
    static String fromMicros(String textColumn) {
        return "(timestamptz 'epoch' + " + textColumn + "::bigint * interval '1 microsecond')";
    }

    static final String LOCK = SELECT
            + "where (website_id, visitor_id) in (select * from unnest(?::text[], ?::text[])) "
            + "order by website_id, visitor_id for update";

    private VisitorRows() {
    }

    /**
     * Locks the stored rows of {@code keys} (in key order, so concurrent writers never deadlock) and reads them. The
     * sort is of whole rows (~1 KB): a caller locking thousands at once gives its transaction the {@code work_mem}
     * to sort them in memory (the import does).
     */
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
            bindColumns(c, ps, states);
            ps.executeUpdate();
        }
    }

    /** One text array per column, element i from {@code states.get(i)}. */
    private static void bindColumns(Connection c, PreparedStatement ps, List<VisitorState> states) throws SQLException {
        bindColumns(c, ps, 0, states);
    }

    /** Binds {@link #COLUMNS} as parameters {@code offset + 1 …}; returns the offset after them. */
    static int bindColumns(Connection c, PreparedStatement ps, int offset, List<VisitorState> states) throws SQLException {
        String[][] columns = new String[COLUMNS.size()][states.size()];
        for (int row = 0; row < states.size(); row++) {
            String[] values = values(states.get(row));
            for (int col = 0; col < values.length; col++) {
                columns[col][row] = values[col];
            }
        }
        for (int col = 0; col < columns.length; col++) {
            ps.setArray(offset + col + 1, c.createArrayOf("text", columns[col]));
        }
        return offset + columns.length;
    }

    /** The state's column values as PostgreSQL text input, in the order of {@link #COLUMNS}. */
    private static String[] values(VisitorState s) {
        TrackingParams p = s.sessionParams();
        Location l = s.location();
        SystemInfo sys = s.system();
        VisitorDimensions ft = s.firstTouch();
        Profile profile = s.profile();
        CustomerInfo customer = s.customer();
        return new String[] {
            s.websiteId(), s.visitorId(), micros(s.firstSeenAt()), micros(s.lastSeenAt()), micros(s.lastPageviewAt()),
            s.sessionId(), micros(s.sessionStartedAt()), Integer.toString(s.visitCount()), s.currentUrl(),
            s.sessionReferrer(),
            p.ref(), p.source(), p.via(), p.utmSource(), p.utmMedium(), p.utmCampaign(), p.utmContent(), p.utmTerm(),
            l.city(), l.region(), l.countryCode(), text(l.latitude()), text(l.longitude()),
            sys.browser(), sys.os(), sys.deviceType(),
            ft == null ? null : ft.device(), ft == null ? null : ft.os(), ft == null ? null : ft.browser(),
            ft == null ? null : ft.country(), ft == null ? null : ft.referrer(),
            Boolean.toString(profile.identified()), profile.userId(), profile.displayName(), profile.imageUrl(),
            Columns.json(profile.fields()),
            Boolean.toString(customer.customer()), customer.name(), customer.email(),
            customer.revenue().toPlainString()
        };
    }

    /** Appends the state as one row of {@link #COLUMNS} (the import's binary COPY). */
    static void copyRow(BinaryCopyRows rows, VisitorState s) {
        TrackingParams p = s.sessionParams();
        Location l = s.location();
        SystemInfo sys = s.system();
        VisitorDimensions ft = s.firstTouch();
        Profile profile = s.profile();
        CustomerInfo customer = s.customer();
        rows.row()
                .text(s.websiteId()).text(s.visitorId())
                .timestamptz(s.firstSeenAt()).timestamptz(s.lastSeenAt()).timestamptz(s.lastPageviewAt())
                .text(s.sessionId()).timestamptz(s.sessionStartedAt()).int4(s.visitCount())
                .text(s.currentUrl()).text(s.sessionReferrer())
                .text(p.ref()).text(p.source()).text(p.via()).text(p.utmSource()).text(p.utmMedium())
                .text(p.utmCampaign()).text(p.utmContent()).text(p.utmTerm())
                .text(l.city()).text(l.region()).text(l.countryCode()).float8(l.latitude()).float8(l.longitude())
                .text(sys.browser()).text(sys.os()).text(sys.deviceType())
                .text(ft == null ? null : ft.device()).text(ft == null ? null : ft.os())
                .text(ft == null ? null : ft.browser()).text(ft == null ? null : ft.country())
                .text(ft == null ? null : ft.referrer())
                .bool(profile.identified()).text(profile.userId()).text(profile.displayName()).text(profile.imageUrl())
                .json(Columns.json(profile.fields()))
                .bool(customer.customer()).text(customer.name()).text(customer.email()).numeric(customer.revenue());
    }

    /** Microseconds since the epoch as text (nanoseconds rounded half up), for {@link #fromMicros}. */
    static String micros(Instant instant) {
        return instant == null ? null : Long.toString(microsSinceEpoch(instant));
    }

    /** Microseconds since the epoch, nanoseconds rounded half up: how every instant is stored. */
    static long microsSinceEpoch(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), (instant.getNano() + 500) / 1_000);
    }

    private static String text(Double value) {
        return value == null ? null : value.toString();
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

    /**
     * The state an update returned for the visitor {@code key}, checked: every writer of visitors (live, import,
     * single updates) refuses a missing state or one moved to another website or visitor.
     */
    static VisitorState checkedUpdate(VisitorKey key, VisitorState next) {
        if (next == null) {
            throw new NullPointerException("an update must return a state");
        }
        if (!next.websiteId().equals(key.websiteId()) || !next.visitorId().equals(key.visitorId())) {
            throw new IllegalArgumentException("an update may not move a visitor to another website or id");
        }
        return next;
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
