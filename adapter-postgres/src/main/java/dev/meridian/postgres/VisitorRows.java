package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.nullableDouble;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.Viewport;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** {@link VisitorState} as a row of the {@code visitors} table. */
final class VisitorRows {

    /**
     * The table's columns, each once: its name, its SQL type, its value as PostgreSQL text input (the live writers'
     * text arrays) and as a binary COPY field (the import). Key columns first, in this order.
     */
    private static final List<Column> TABLE = List.of(
            Column.text("website_id", VisitorState::websiteId),
            Column.text("visitor_id", VisitorState::visitorId),
            Column.timestamptz("first_seen_at", VisitorState::firstSeenAt),
            Column.timestamptz("last_seen_at", VisitorState::lastSeenAt),
            Column.timestamptz("last_pageview_at", VisitorState::lastPageviewAt),
            Column.text("session_id", VisitorState::sessionId),
            Column.timestamptz("session_started_at", VisitorState::sessionStartedAt),
            new Column("visit_count", "integer", s -> Integer.toString(s.visitCount()), (r, s) -> r.int4(s.visitCount())),
            Column.text("current_url", VisitorState::currentUrl),
            Column.text("session_referrer", VisitorState::sessionReferrer),
            Column.text("param_ref", s -> s.sessionParams().ref()),
            Column.text("param_source", s -> s.sessionParams().source()),
            Column.text("param_via", s -> s.sessionParams().via()),
            Column.text("utm_source", s -> s.sessionParams().utmSource()),
            Column.text("utm_medium", s -> s.sessionParams().utmMedium()),
            Column.text("utm_campaign", s -> s.sessionParams().utmCampaign()),
            Column.text("utm_content", s -> s.sessionParams().utmContent()),
            Column.text("utm_term", s -> s.sessionParams().utmTerm()),
            Column.text("city", s -> s.location().city()),
            Column.text("region", s -> s.location().region()),
            Column.text("country_code", s -> s.location().countryCode()),
            Column.float8("latitude", s -> s.location().latitude()),
            Column.float8("longitude", s -> s.location().longitude()),
            Column.text("browser", s -> s.system().browser()),
            Column.text("os", s -> s.system().os()),
            Column.text("device_type", s -> s.system().deviceType()),
            Column.text("ft_device", s -> firstTouch(s, VisitorDimensions::device)),
            Column.text("ft_os", s -> firstTouch(s, VisitorDimensions::os)),
            Column.text("ft_browser", s -> firstTouch(s, VisitorDimensions::browser)),
            Column.text("ft_country", s -> firstTouch(s, VisitorDimensions::country)),
            Column.text("ft_referrer", s -> firstTouch(s, VisitorDimensions::referrer)),
            Column.bool("identified", s -> s.profile().identified()),
            Column.text("user_id", s -> s.profile().userId()),
            Column.text("display_name", s -> s.profile().displayName()),
            Column.text("image_url", s -> s.profile().imageUrl()),
            new Column("profile_fields", "json", s -> Columns.json(s.profile().fields()),
                    (r, s) -> r.json(Columns.json(s.profile().fields()))),
            Column.bool("is_customer", s -> s.customer().customer()),
            Column.text("customer_name", s -> s.customer().name()),
            Column.text("customer_email", s -> s.customer().email()),
            new Column("revenue", "numeric", s -> s.customer().revenue().toPlainString(),
                    (r, s) -> r.numeric(s.customer().revenue())),
            Column.text("browser_version", s -> s.details().browserVersion()),
            Column.text("os_version", s -> s.details().osVersion()),
            Column.text("device_vendor", s -> s.details().vendor()),
            Column.text("device_model", s -> s.details().model()),
            Column.int4("viewport_width", s -> s.viewport().width()),
            Column.int4("viewport_height", s -> s.viewport().height()));

    /** The names of {@link #TABLE}, in its order. */
    static final List<String> COLUMNS = TABLE.stream().map(Column::name).toList();

    static final String SELECT = "select " + String.join(", ", COLUMNS) + " from visitors ";

    /** Rows come in as one text array per column (one round trip for the whole batch) and are cast here. */
    private static final String UNNEST = "unnest(" + COLUMNS.stream().map(c -> "?::text[]").collect(Collectors.joining(", "))
            + ") as u(" + String.join(", ", COLUMNS) + ")";

    /** Inserts the text arrays' rows; a key already stored is a unique violation of the primary key. */
    static final String INSERT_NEW = "insert into visitors (" + String.join(", ", COLUMNS) + ") select "
            + TABLE.stream().map(Column::cast).collect(Collectors.joining(", ")) + " from " + UNNEST;

    /**
     * The row of key {@code k} (a row of text columns {@code website_id}, {@code visitor_id}), looked up through the
     * primary key: a lateral subquery with {@code limit 1} is a nested loop over the keys whatever the statistics say.
     * A join of the keys with the table was planned as a hash join over a sequential scan of every visitor: pgjdbc
     * prepares the writers' statements on the server and PostgreSQL keeps their generic plan, made while the table was
     * small, for good (issue 15's profile: 10 ms and 800 buffers per batch at 15,000 visitors).
     */
    private static String byKey(String columns, String k, String locking) {
        return "select " + columns + " from visitors where website_id = " + k + ".website_id collate \"C\" "
                + "and visitor_id = " + k + ".visitor_id collate \"C\" limit 1" + locking;
    }

    /** Updates the rows of the text arrays' keys, each found by primary key ({@link #byKey}), then by its ctid. */
    static final String UPDATE = "update visitors v set "
            + TABLE.subList(2, TABLE.size()).stream().map(c -> c.name() + " = " + c.cast()).collect(Collectors.joining(", "))
            + " from (select u.*, r.row_id from " + UNNEST + " cross join lateral (" + byKey("ctid as row_id", "u", "")
            + ") r) u where v.ctid = u.row_id";

    /**
     * {@link #UPDATE} of the rows whose version is still the one given: one more text array, last, holds each row's
     * expected {@code xmin} ({@link VisitorCache}). A row another transaction wrote since has another {@code xmin}
     * (and, when that transaction commits while this statement waits for the row, another {@code ctid}, which the
     * re-check after the wait compares): it is not updated, and the statement returns one row per row it updated.
     */
    static final String UPDATE_UNCHANGED = "update visitors v set "
            + TABLE.subList(2, TABLE.size()).stream().map(c -> c.name() + " = " + c.cast()).collect(Collectors.joining(", "))
            + " from (select u.*, r.row_id from unnest("
            + COLUMNS.stream().map(c -> "?::text[]").collect(Collectors.joining(", ")) + ", ?::text[]) as u("
            + String.join(", ", COLUMNS) + ", row_version) cross join lateral (" + byKey("ctid as row_id", "u", "")
            + ") r) u where v.ctid = u.row_id and v.xmin = u.row_version::xid returning 1";

    /**
     * One column of {@link #TABLE}.
     *
     * @param text   the value as PostgreSQL text input, cast to {@code type} in SQL ({@link #cast})
     * @param binary appends the value as the row's next binary COPY field
     */
    private record Column(String name, String type, Function<VisitorState, String> text,
            BiConsumer<BinaryCopyRows, VisitorState> binary) {

        static Column text(String name, Function<VisitorState, String> value) {
            return new Column(name, "text", value, (r, s) -> r.text(value.apply(s)));
        }

        static Column timestamptz(String name, Function<VisitorState, Instant> value) {
            return new Column(name, "timestamptz", s -> micros(value.apply(s)), (r, s) -> r.timestamptz(value.apply(s)));
        }

        static Column float8(String name, Function<VisitorState, Double> value) {
            return new Column(name, "double precision", s -> VisitorRows.text(value.apply(s)),
                    (r, s) -> r.float8(value.apply(s)));
        }

        static Column int4(String name, Function<VisitorState, Integer> value) {
            return new Column(name, "integer", s -> {
                Integer v = value.apply(s);
                return v == null ? null : v.toString();
            }, (r, s) -> {
                Integer v = value.apply(s);
                if (v == null) {
                    r.text(null);
                } else {
                    r.int4(v);
                }
            });
        }

        static Column bool(String name, Predicate<VisitorState> value) {
            return new Column(name, "boolean", s -> Boolean.toString(value.test(s)), (r, s) -> r.bool(value.test(s)));
        }

        /** The SQL of this column's value in {@link #UNNEST}'s row {@code u}. */
        String cast() {
            return switch (type) {
                case "timestamptz" -> fromMicros("u." + name);
                case "text" -> "u." + name;
                default -> "u." + name + "::" + type;
            };
        }
    }

    private static String firstTouch(VisitorState s, Function<VisitorDimensions, String> field) {
        return s.firstTouch() == null ? null : field.apply(s.firstTouch());
    }

    /**
     * SQL of the {@code timestamptz} whose microseconds since the epoch {@code textColumn} holds (as written by
     * {@link #micros}): exact (the product of an integer and one microsecond), and cheaper for both sides than
     * formatting and parsing ISO-8601 text.
     */
    static String fromMicros(String textColumn) {
        return "(timestamptz 'epoch' + " + textColumn + "::bigint * interval '1 microsecond')";
    }

    /** Locks and reads the rows of the keys, in the order of the key arrays, each through the primary key. */
    static final String LOCK = "select v.* from unnest(?::text[], ?::text[]) as k(website_id, visitor_id) "
            + "cross join lateral (" + byKey(String.join(", ", COLUMNS), "k", " for update") + ") v";

    /** {@link #LOCK} with each row's version ({@code xmin}, as text) in a last column {@code row_version}. */
    static final String LOCK_WITH_VERSIONS = "select v.* from unnest(?::text[], ?::text[]) as k(website_id, visitor_id) "
            + "cross join lateral (" + byKey(String.join(", ", COLUMNS) + ", xmin::text as row_version", "k",
                    " for update") + ") v";

    private VisitorRows() {
    }

    /**
     * Locks the stored rows of {@code keys} and reads them with their versions, as {@link #lock} does (in key order,
     * one primary-key look-up each).
     */
    static Map<VisitorKey, Stored> lockWithVersions(Connection c, Collection<VisitorKey> keys) throws SQLException {
        Map<VisitorKey, Stored> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK_WITH_VERSIONS)) {
            bindKeys(c, ps, keys);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    VisitorState state = read(rs);
                    found.put(new VisitorKey(state.websiteId(), state.visitorId()),
                            new Stored(state, rs.getString("row_version")));
                }
            }
        }
        return found;
    }

    /** The keys as the two text arrays of {@link #LOCK}, in key order. */
    private static void bindKeys(Connection c, PreparedStatement ps, Collection<VisitorKey> keys) throws SQLException {
        String[] websites = new String[keys.size()];
        String[] visitors = new String[keys.size()];
        int i = 0;
        for (VisitorKey key : new TreeSet<>(keys)) {
            websites[i] = key.websiteId();
            visitors[i] = key.visitorId();
            i++;
        }
        ps.setArray(1, c.createArrayOf("text", websites));
        ps.setArray(2, c.createArrayOf("text", visitors));
    }

    /** Binds the rows of {@link #UPDATE_UNCHANGED} from {@code offset + 1} on; returns the offset after them. */
    static int bindUnchanged(Connection c, PreparedStatement ps, int offset, List<Stored> rows) throws SQLException {
        offset = bindColumns(c, ps, offset, rows.stream().map(Stored::state).toList());
        ps.setArray(offset + 1, c.createArrayOf("text", rows.stream().map(Stored::version).toArray(String[]::new)));
        return offset + 1;
    }

    /**
     * Locks the stored rows of {@code keys} and reads them, one primary-key look-up each, in key order
     * ({@link VisitorKey#compareTo}), so concurrent writers (every one locks through here) never deadlock.
     */
    static Map<VisitorKey, VisitorState> lock(Connection c, Collection<VisitorKey> keys) throws SQLException {
        Map<VisitorKey, VisitorState> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            bindKeys(c, ps, keys);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    VisitorState state = read(rs);
                    found.put(new VisitorKey(state.websiteId(), state.visitorId()), state);
                }
            }
        }
        return found;
    }

    /** The visitor's row, or empty. */
    static Optional<VisitorState> find(Connection c, String websiteId, String visitorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where website_id = ? and visitor_id = ?")) {
            ps.setString(1, websiteId);
            ps.setString(2, visitorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * How many visitors match the list's query (API.md §9.2, {@code pagination.total}), exactly. Without a filter:
     * {@link #COUNT_BY_HOURS}, the counts V13's triggers keep per website and UTC hour, summed over the period's whole
     * hours, plus the visitors of its partial hours at each end counted through {@code visitors_active}: about a
     * millisecond whatever the period holds. With a filter: every visitor of the period through the index or the
     * table, whichever PostgreSQL plans as cheaper (about 0.12 µs a visitor, docs/benchmarks/visitors.md).
     * {@link PostgresVisitorHistory} runs it beside {@link #page}.
     */
    static long count(Connection c, VisitorQuery query) throws SQLException {
        if (unfiltered(query)) {
            return countByHours(c, query.websiteId(), query.from(), query.to());
        }
        List<Object> params = new ArrayList<>();
        String where = listWhere(query, params);
        try (PreparedStatement ps = c.prepareStatement("select count(*) from visitors v " + where)) {
            bindAll(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean unfiltered(VisitorQuery q) {
        return q.pages().isEmpty() && q.countries().isEmpty() && q.devices().isEmpty() && q.browsers().isEmpty()
                && q.oses().isEmpty() && q.referrers().isEmpty() && q.utmSources().isEmpty()
                && q.utmCampaigns().isEmpty() && q.goals().isEmpty() && q.customer() == null;
    }

    /** The visitors of a website whose {@code last_pageview_at} is in {@code [?, ?)}, through {@code visitors_active}. */
    private static final String COUNT_BETWEEN = "(select count(*) from visitors v where v.website_id = ? "
            + "and v.last_pageview_at >= ? and v.last_pageview_at < ?)";

    /**
     * The visitors of a website whose latest pageview is in {@code [from, to)}, in one statement (one snapshot: the
     * triggers' counts commit with the visitors' rows): the kept counts of the whole hours {@code [c, f)}, and the
     * visitors of {@code [from, c)} and {@code [f, to)} counted one by one ({@link #countByHours} chooses
     * {@code c} and {@code f}).
     */
    static final String COUNT_BY_HOURS = "select ((select coalesce(sum(h.visitors), 0) from visitor_hour_counts h "
            + "where h.website_id = ? and h.hour >= ? and h.hour < ?) + " + COUNT_BETWEEN + " + " + COUNT_BETWEEN
            + ")::bigint";

    /**
     * {@link #COUNT_BY_HOURS} of {@code [from, to)}: {@code c} is the first whole hour at or after {@code from},
     * {@code f} the end of the last whole hour at or before {@code to}, both within {@code [from, to]} ({@code c = f =
     * to} when no whole hour fits: {@code [from, to)} is then counted one by one).
     */
    static long countByHours(Connection c, String websiteId, Instant from, Instant to) throws SQLException {
        if (!from.isBefore(to)) {
            return 0;
        }
        Instant hourOfFrom = from.truncatedTo(ChronoUnit.HOURS);
        Instant firstWhole;
        if (hourOfFrom.equals(from)) {
            firstWhole = from;
        } else if (Duration.between(hourOfFrom, to).compareTo(Duration.ofHours(1)) <= 0) {
            firstWhole = to; // no whole hour in [from, to)
        } else {
            firstWhole = hourOfFrom.plus(1, ChronoUnit.HOURS);
        }
        Instant hourOfTo = to.truncatedTo(ChronoUnit.HOURS);
        Instant endOfWhole = hourOfTo.isAfter(firstWhole) ? hourOfTo : firstWhole;
        try (PreparedStatement ps = c.prepareStatement(COUNT_BY_HOURS)) {
            Instant[] bounds = {firstWhole, endOfWhole, from, firstWhole, endOfWhole, to};
            for (int range = 0; range < 3; range++) {
                ps.setString(3 * range + 1, websiteId);
                Columns.setInstant(ps, 3 * range + 2, bounds[2 * range]);
                Columns.setInstant(ps, 3 * range + 3, bounds[2 * range + 1]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The rows of one page of the visitor list (API.md §9.2), newest pageview first, through the
     * {@code visitors_active} index over the period; each row's landing path (its first pageview's) through the
     * {@code events_visitor_hash} index (V13) of the partitions its pageviews can be in ({@link #LANDING_PATH}), for the
     * page's rows only: selected outside the {@code limit … offset}, so the rows an offset skips (or every row, for an
     * offset past the end: the page no longer waits for the count to know) cost no look-up in the event log.
     */
    static List<VisitorPage.Listed> page(Connection c, VisitorQuery query) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = pageSql(query, params);
        List<VisitorPage.Listed> rows = new ArrayList<>(Math.min(query.limit(), 1024));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new VisitorPage.Listed(read(rs), rs.getString("landing_path")));
                }
            }
        }
        return rows;
    }

    /** The page's statement; its parameters are added to {@code params}. */
    static String pageSql(VisitorQuery query, List<Object> params) {
        String where = listWhere(query, params);
        String order = " order by v.last_pageview_at desc, v.visitor_id";
        params.add(query.limit());
        params.add(query.offset());
        return "select v.*, " + LANDING_PATH + " as landing_path from (select "
                + COLUMNS.stream().map(name -> "v." + name).collect(Collectors.joining(", ")) + " from visitors v "
                + where + order + " limit ? offset ?) v" + order;
    }

    /**
     * Rows {@code e} of events of visitor {@code v}, compared in "C": the keys of the visitors table and of the
     * {@code events_visitor_hash} index (V13) are {@code collate "C"}, the events' columns are not, and only a
     * comparison in the index's collation can use it (in the default collation PostgreSQL reads every partition
     * instead).
     */
    private static String eventsOfVisitor(String alias) {
        return alias + ".website_id collate \"C\" = v.website_id and " + alias + ".visitor_id collate \"C\" = "
                + "v.visitor_id";
    }

    /**
     * Rows {@code p} of payments of visitor {@code v}. The visitors table's keys are {@code collate "C"}, the
     * payments' are not: compared in the default collation, the comparison is the one their index
     * ({@code payments_visitor}) answers.
     */
    private static String paymentsOfVisitor(String alias) {
        return alias + ".website_id = v.website_id collate \"default\" and " + alias + ".visitor_id = v.visitor_id "
                + "collate \"default\"";
    }

    /**
     * The path of visitor {@code v}'s first pageview (by time, then id), through the {@code events_visitor_hash} index
     * (V13). Its time is at or after the visitor's first event ({@code first_seen_at}, the earliest event time tracked)
     * and at or before its latest pageview ({@code last_pageview_at}): bounds that let PostgreSQL prune, per row, the
     * event log's monthly partitions outside them (run-time pruning), instead of probing every partition's index.
     */
    private static final String LANDING_PATH = "(select e.path from events e where " + eventsOfVisitor("e")
            + " and e.type = 'pageview' and e.occurred_at >= v.first_seen_at and e.occurred_at <= v.last_pageview_at "
            + "order by e.occurred_at, e.id limit 1)";

    /**
     * The raw (still percent-encoded) value of a campaign parameter in the landing path; {@link #encodedForms} gives
     * the forms a filter value may have been sent in.
     */
    private static String landingParam(String name) {
        return "substring(" + LANDING_PATH + " from '[?&]" + name + "=([^&#]*)')";
    }

    private static String listWhere(VisitorQuery q, List<Object> params) {
        StringBuilder where = new StringBuilder(
                "where v.website_id = ? and v.last_pageview_at >= ? and v.last_pageview_at < ?");
        params.add(q.websiteId());
        params.add(q.from());
        params.add(q.to());
        anyOf(where, params, "v.country_code", q.countries());
        anyOf(where, params, "v.device_type", q.devices());
        anyOf(where, params, "v.browser", q.browsers());
        anyOf(where, params, "v.os", q.oses());
        anyOf(where, params, "v.ft_referrer", q.referrers());
        if (q.customer() != null) {
            where.append(" and v.is_customer = ?");
            params.add(q.customer());
        }
        if (!q.utmSources().isEmpty()) {
            anyOf(where, params, landingParam("utm_source"), encodedForms(q.utmSources()));
        }
        if (!q.utmCampaigns().isEmpty()) {
            anyOf(where, params, landingParam("utm_campaign"), encodedForms(q.utmCampaigns()));
        }
        if (!q.pages().isEmpty()) {
            where.append(" and exists (select 1 from events e where " + eventsOfVisitor("e")
                    + " and e.type = 'pageview' and split_part(e.path, '?', 1) = any(?))");
            params.add(q.pages());
        }
        if (!q.goals().isEmpty()) {
            where.append(" and (exists (select 1 from events e where " + eventsOfVisitor("e")
                    + " and e.type = 'custom' and e.extra_data ->> 'eventName' = any(?)) "
                    + "or exists (select 1 from payments p where " + paymentsOfVisitor("p")
                    + " and (case when p.amount = 0 then 'free_trial' else 'payment' end) = any(?)))");
            params.add(q.goals());
            params.add(q.goals());
        }
        return where.toString();
    }

    private static void anyOf(StringBuilder where, List<Object> params, String column, Set<String> values) {
        if (!values.isEmpty()) {
            where.append(" and ").append(column).append(" = any(?)");
            params.add(values);
        }
    }

    /** Each value as sent, and as a URL encodes it (spaces as {@code +} and as {@code %20}). */
    private static Set<String> encodedForms(Set<String> values) {
        Set<String> forms = new HashSet<>();
        for (String value : values) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            forms.add(value);
            forms.add(encoded);
            forms.add(encoded.replace("+", "%20"));
        }
        return forms;
    }

    static void bindAll(Connection c, PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Set<?> set) {
                ps.setArray(i + 1, c.createArrayOf("text", set.toArray()));
            } else if (value instanceof Instant instant) {
                Columns.setInstant(ps, i + 1, instant);
            } else if (value instanceof Boolean bool) {
                ps.setBoolean(i + 1, bool);
            } else if (value instanceof Integer number) {
                ps.setInt(i + 1, number);
            } else {
                ps.setString(i + 1, (String) value);
            }
        }
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
        String[] values = new String[TABLE.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = TABLE.get(i).text().apply(s);
        }
        return values;
    }

    /** Appends the state as one row of {@link #COLUMNS} (the import's binary COPY). */
    static void copyRow(BinaryCopyRows rows, VisitorState s) {
        rows.row();
        for (Column column : TABLE) {
            column.binary().accept(rows, s);
        }
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
                        rs.getString("customer_email"), rs.getBigDecimal("revenue")),
                new DeviceDetails(rs.getString("browser_version"), rs.getString("os_version"),
                        rs.getString("device_vendor"), rs.getString("device_model")),
                new Viewport(nullableInt(rs, "viewport_width"), nullableInt(rs, "viewport_height")));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
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

    /** A visitor's row and its version: the id of the transaction that wrote it ({@code xmin}), as text. */
    record Stored(VisitorState state, String version) {
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
