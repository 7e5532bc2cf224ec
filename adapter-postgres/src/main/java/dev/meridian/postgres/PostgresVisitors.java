package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.setInstant;

import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.CustomerUpdates;
import dev.meridian.ports.out.Visitors;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Visitors' live state, and the conversion model's segment counts drawn from it; customer info recomputed from the
 * payments in the transaction that holds the visitors' rows ({@link CustomerUpdates}).
 */
public final class PostgresVisitors implements Visitors, ConversionHistory, CustomerUpdates {

    /**
     * How many visitors are active and the latest {@code limit} of them, in one statement (one snapshot): the count
     * and the list are both read from the {@code visitors_active} index, the list backwards from the newest pageview
     * and stopping after {@code limit} rows. With no active visitor the one row has only the count.
     */
    private static final String ACTIVE = "select c.active_count, v.* from (select count(*) as active_count from "
            + "visitors where website_id = ? and last_pageview_at >= ?) c left join lateral ("
            + VisitorRows.SELECT + "where website_id = ? and last_pageview_at >= ? "
            + "order by last_pageview_at desc, visitor_id limit ?) v on true";

    private static final String BY_IDS = VisitorRows.SELECT + "where website_id = ? and visitor_id = any(?)";

    private static final String SEGMENTS = "select ft_device, ft_os, ft_browser, ft_country, ft_referrer, "
            + "count(*) as visitors, count(*) filter (where is_customer) as converters, "
            + "coalesce(sum(revenue) filter (where is_customer), 0) as revenue "
            + "from visitors where website_id = ? and ft_referrer is not null "
            + "and first_seen_at >= ? and first_seen_at < ? "
            + "group by ft_device, ft_os, ft_browser, ft_country, ft_referrer";

    /** Matches the partial index visitors_profile_email of V2 (its predicate is repeated so it applies). */
    static final String BY_PROFILE_EMAIL = VisitorRows.SELECT
            + "where website_id = ? and profile_fields ->> 'email' is not null "
            + "and lower(profile_fields ->> 'email') = lower(?) order by last_seen_at desc, visitor_id limit 1";

    private final Database database;

    PostgresVisitors(Database database) {
        this.database = database;
    }

    @Override
    public Optional<VisitorState> find(String websiteId, String visitorId) {
        return database.read("reading a visitor", c -> VisitorRows.find(c, websiteId, visitorId));
    }

    @Override
    public Active active(String websiteId, Instant since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return database.read("reading active visitors", c -> {
            try (PreparedStatement ps = c.prepareStatement(ACTIVE)) {
                ps.setString(1, websiteId);
                setInstant(ps, 2, since);
                ps.setString(3, websiteId);
                setInstant(ps, 4, since);
                ps.setInt(5, limit);
                int count = 0;
                List<VisitorState> latest = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        count = rs.getInt("active_count");
                        if (rs.getString("visitor_id") != null) {
                            latest.add(VisitorRows.read(rs));
                        }
                    }
                }
                return new Active(count, latest);
            }
        });
    }

    @Override
    public Map<String, VisitorState> findAll(String websiteId, Collection<String> visitorIds) {
        if (visitorIds.isEmpty()) {
            return Map.of();
        }
        return database.read("reading visitors", c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_IDS)) {
                ps.setString(1, websiteId);
                ps.setArray(2, c.createArrayOf("text", visitorIds.toArray(String[]::new)));
                Map<String, VisitorState> found = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        VisitorState state = VisitorRows.read(rs);
                        found.put(state.visitorId(), state);
                    }
                }
                return found;
            }
        });
    }

    private static VisitorState changed(VisitorState before, UnaryOperator<VisitorState> change) {
        return VisitorRows.checkedUpdate(new VisitorKey(before.websiteId(), before.visitorId()), change.apply(before));
    }

    @Override
    public Optional<VisitorState> update(String websiteId, String visitorId, UnaryOperator<VisitorState> change) {
        return database.inTransaction("updating a visitor", c -> {
            Optional<VisitorState> current = VisitorRows.lockOne(c, websiteId, visitorId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            VisitorState next = changed(current.get(), change);
            VisitorRows.update(c, List.of(next));
            MapNotifications.send(c, List.of(websiteId));
            return Optional.of(next);
        });
    }

    @Override
    public Map<String, VisitorState> updateAll(String websiteId, Map<String, UnaryOperator<VisitorState>> changes) {
        if (changes.isEmpty()) {
            return Map.of();
        }
        List<VisitorKey> keys = new ArrayList<>();
        for (String visitorId : changes.keySet()) {
            keys.add(new VisitorKey(websiteId, visitorId));
        }
        return database.inTransaction("updating visitors", c -> {
            Map<VisitorKey, VisitorState> current = VisitorRows.lock(c, keys);
            Map<String, VisitorState> updated = new LinkedHashMap<>();
            for (Map.Entry<String, UnaryOperator<VisitorState>> change : changes.entrySet()) {
                VisitorState before = current.get(new VisitorKey(websiteId, change.getKey()));
                if (before != null) {
                    updated.put(change.getKey(), changed(before, change.getValue()));
                }
            }
            VisitorRows.update(c, List.copyOf(updated.values()));
            if (!updated.isEmpty()) {
                MapNotifications.send(c, List.of(websiteId));
            }
            return updated;
        });
    }

    /**
     * Locks the visitors' rows ({@code select … for update}, in key order like every writer), then reads their
     * payments in the same transaction: under read committed that read sees every payment committed before the locks
     * were granted, so of two refreshes of one visitor, on any node, the one that stores last read the most.
     */
    @Override
    public Map<String, VisitorState> updateCustomers(String websiteId, Collection<String> visitorIds,
            Function<List<Payment>, CustomerInfo> summary) {
        if (visitorIds.isEmpty()) {
            return Map.of();
        }
        Set<VisitorKey> keys = new TreeSet<>();
        for (String visitorId : visitorIds) {
            keys.add(new VisitorKey(websiteId, visitorId));
        }
        return database.inTransaction("updating customer info", c -> {
            Map<VisitorKey, VisitorState> current = VisitorRows.lock(c, keys);
            if (current.isEmpty()) {
                return Map.of();
            }
            List<String> stored = current.keySet().stream().map(VisitorKey::visitorId).toList();
            Map<String, List<Payment>> paid = PostgresPayments.ofVisitors(c, websiteId, stored);
            Map<String, VisitorState> updated = new LinkedHashMap<>();
            for (VisitorState before : current.values()) {
                CustomerInfo info = summary.apply(paid.get(before.visitorId()));
                updated.put(before.visitorId(), changed(before, state -> state.withCustomer(info)));
            }
            VisitorRows.update(c, List.copyOf(updated.values()));
            MapNotifications.send(c, List.of(websiteId));
            return updated;
        });
    }

    @Override
    public Optional<VisitorState> latestWithProfileEmail(String websiteId, String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return database.read("finding a visitor by profile email", c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_PROFILE_EMAIL)) {
                ps.setString(1, websiteId);
                ps.setString(2, email);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(VisitorRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<SegmentCount> segments(String websiteId, Instant from, Instant to) {
        return database.read("reading conversion history", c -> {
            try (PreparedStatement ps = c.prepareStatement(SEGMENTS)) {
                ps.setString(1, websiteId);
                setInstant(ps, 2, from);
                setInstant(ps, 3, to);
                List<SegmentCount> segments = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        segments.add(new SegmentCount(
                                new VisitorDimensions(rs.getString("ft_device"), rs.getString("ft_os"),
                                        rs.getString("ft_browser"), rs.getString("ft_country"), rs.getString("ft_referrer")),
                                rs.getLong("visitors"),
                                rs.getLong("converters"),
                                rs.getBigDecimal("revenue").doubleValue()));
                    }
                }
                return segments;
            }
        });
    }
}
