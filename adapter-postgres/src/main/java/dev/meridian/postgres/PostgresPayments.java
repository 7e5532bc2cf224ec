package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;
import static dev.meridian.postgres.Columns.setText;

import dev.meridian.ports.model.Payment;
import dev.meridian.ports.out.Payments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Payments, idempotent through the primary key {@code (website_id, transaction_id)}. */
public final class PostgresPayments implements Payments {

    private static final String INSERT = "insert into payments (website_id, transaction_id, id, amount, currency, "
            + "occurred_at, visitor_id, email, name, customer_id, renewal, refunded) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (website_id, transaction_id) do nothing";

    private static final String RECENT = "select website_id, transaction_id, id, amount, currency, occurred_at, "
            + "visitor_id, email, name, customer_id, renewal, refunded from payments "
            + "where website_id = ? and not refunded and occurred_at >= ? order by occurred_at desc, id desc limit ?";

    private static final String EARLIER_OF_VISITOR = "select exists (select 1 from payments where website_id = ? "
            + "and visitor_id = ? and (occurred_at, id) < (?, ?))";

    private static final String EARLIER_OF_EMAIL = "select exists (select 1 from payments where website_id = ? "
            + "and lower(email) = lower(?) and (occurred_at, id) < (?, ?))";

    private static final String COLUMNS = "website_id, transaction_id, id, amount, currency, occurred_at, "
            + "visitor_id, email, name, customer_id, renewal, refunded";

    private static final String BY_TRANSACTION = "select " + COLUMNS + " from payments "
            + "where website_id = ? and transaction_id = ?";

    private static final String MARK_REFUNDED = "update payments set refunded = true "
            + "where website_id = ? and transaction_id = ? and not refunded";

    private static final String OF_VISITOR = "select " + COLUMNS + " from payments "
            + "where website_id = ? and visitor_id = ? order by occurred_at, id";

    /** A batch in one statement: one array per column; {@code ordinality} keeps the first of a repeated id. */
    private static final String INSERT_ALL = "insert into payments (website_id, transaction_id, id, amount, currency, "
            + "occurred_at, visitor_id, email, name, customer_id, renewal, refunded) "
            + "select website_id, transaction_id, id, amount::numeric, currency, " + VisitorRows.fromMicros("occurred_at")
            + ", visitor_id, email, name, customer_id, renewal::boolean, refunded::boolean from unnest(?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[]) with ordinality as u(website_id, transaction_id, id, amount, currency, occurred_at, "
            + "visitor_id, email, name, customer_id, renewal, refunded, n) order by n "
            + "on conflict (website_id, transaction_id) do nothing returning website_id, transaction_id";

    private static final String OF_VISITORS = "select " + COLUMNS + " from payments "
            + "where website_id = ? and visitor_id = any(?) order by visitor_id, occurred_at, id";

    /**
     * {@link #hasEarlierOfSameCustomer} of many payments in one statement: each given payment (arrays of id, visitor
     * id, email, microseconds) is matched by visitor when it has one (index payments_visitor), else by email (index
     * payments_email).
     */
    private static final String WITH_EARLIER = "select u.id from unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
            + "as u(id, visitor_id, email, occurred_at) where case when u.visitor_id is not null "
            + "then exists (select 1 from payments p where p.website_id = ? and p.visitor_id = u.visitor_id "
            + "and (p.occurred_at, p.id) < (" + VisitorRows.fromMicros("u.occurred_at") + ", u.id collate \"C\")) "
            + "when u.email is not null "
            + "then exists (select 1 from payments p where p.website_id = ? and lower(p.email) = lower(u.email) "
            + "and (p.occurred_at, p.id) < (" + VisitorRows.fromMicros("u.occurred_at") + ", u.id collate \"C\")) "
            + "else false end";

    private final Database database;

    PostgresPayments(Database database) {
        this.database = database;
    }

    @Override
    public boolean record(Payment p) {
        return database.inTransaction("recording a payment", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, p.websiteId());
                ps.setString(2, p.transactionId());
                ps.setString(3, p.id());
                ps.setBigDecimal(4, p.amount());
                ps.setString(5, p.currency());
                setInstant(ps, 6, p.timestamp());
                setText(ps, 7, p.visitorId());
                setText(ps, 8, p.email());
                setText(ps, 9, p.name());
                setText(ps, 10, p.customerId());
                ps.setBoolean(11, p.renewal());
                ps.setBoolean(12, p.refunded());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            MapNotifications.send(c, List.of(p.websiteId()));
            return true;
        });
    }

    @Override
    public List<Payment> recordAll(List<Payment> payments) {
        if (payments.isEmpty()) {
            return List.of();
        }
        String[][] columns = new String[12][payments.size()];
        for (int row = 0; row < payments.size(); row++) {
            Payment p = payments.get(row);
            String[] values = {p.websiteId(), p.transactionId(), p.id(), p.amount().toPlainString(), p.currency(),
                VisitorRows.micros(p.timestamp()), p.visitorId(), p.email(), p.name(), p.customerId(),
                Boolean.toString(p.renewal()), Boolean.toString(p.refunded())};
            for (int col = 0; col < values.length; col++) {
                columns[col][row] = values[col];
            }
        }
        Set<List<String>> inserted = database.inTransaction("recording payments", c -> {
            Set<List<String>> keys = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(INSERT_ALL)) {
                for (int col = 0; col < columns.length; col++) {
                    ps.setArray(col + 1, c.createArrayOf("text", columns[col]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(List.of(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            MapNotifications.send(c, keys.stream().map(key -> key.get(0)).toList());
            return keys;
        });
        List<Payment> stored = new ArrayList<>();
        for (Payment p : payments) {
            // the first of a repeated transaction id is the one stored
            if (inserted.remove(List.of(p.websiteId(), p.transactionId()))) {
                stored.add(p);
            }
        }
        return stored;
    }

    @Override
    public List<Payment> recentPayments(String websiteId, Instant since, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read("reading recent payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(RECENT)) {
                ps.setString(1, websiteId);
                setInstant(ps, 2, since);
                ps.setInt(3, limit);
                return rows(ps);
            }
        });
    }

    private static List<Payment> rows(PreparedStatement ps) throws SQLException {
        List<Payment> payments = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                payments.add(new Payment(rs.getString("id"), rs.getString("website_id"),
                        rs.getString("transaction_id"), rs.getBigDecimal("amount"), rs.getString("currency"),
                        instant(rs, "occurred_at"), rs.getString("visitor_id"), rs.getString("email"),
                        rs.getString("name"), rs.getString("customer_id"), rs.getBoolean("renewal"),
                        rs.getBoolean("refunded")));
            }
        }
        return payments;
    }

    @Override
    public Optional<Payment> byTransactionId(String websiteId, String transactionId) {
        return database.read("reading a payment", c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_TRANSACTION)) {
                ps.setString(1, websiteId);
                ps.setString(2, transactionId);
                return rows(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean markRefunded(String websiteId, String transactionId) {
        return database.inTransaction("refunding a payment", c -> {
            try (PreparedStatement ps = c.prepareStatement(MARK_REFUNDED)) {
                ps.setString(1, websiteId);
                ps.setString(2, transactionId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            MapNotifications.send(c, List.of(websiteId));
            return true;
        });
    }

    @Override
    public List<Payment> ofVisitor(String websiteId, String visitorId) {
        return database.read("reading a visitor's payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(OF_VISITOR)) {
                ps.setString(1, websiteId);
                ps.setString(2, visitorId);
                return rows(ps);
            }
        });
    }

    @Override
    public Map<String, List<Payment>> ofVisitors(String websiteId, Collection<String> visitorIds) {
        if (visitorIds.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return database.read("reading visitors' payments", c -> ofVisitors(c, websiteId, visitorIds));
    }

    /** {@link #ofVisitors} on {@code c}, in its transaction (customer updates read them under the visitors' locks). */
    static Map<String, List<Payment>> ofVisitors(Connection c, String websiteId, Collection<String> visitorIds)
            throws SQLException {
        Map<String, List<Payment>> byVisitor = new LinkedHashMap<>();
        for (String visitorId : visitorIds) {
            byVisitor.put(visitorId, new ArrayList<>());
        }
        if (visitorIds.isEmpty()) {
            return byVisitor;
        }
        try (PreparedStatement ps = c.prepareStatement(OF_VISITORS)) {
            ps.setString(1, websiteId);
            ps.setArray(2, c.createArrayOf("text", visitorIds.toArray(String[]::new)));
            for (Payment p : rows(ps)) {
                byVisitor.get(p.visitorId()).add(p);
            }
        }
        return byVisitor;
    }

    @Override
    public Set<String> withEarlierOfSameCustomer(String websiteId, Collection<Payment> payments) {
        if (payments.isEmpty()) {
            return Set.of();
        }
        String[][] columns = new String[4][payments.size()];
        int row = 0;
        for (Payment p : payments) {
            columns[0][row] = p.id();
            columns[1][row] = p.visitorId();
            columns[2][row] = p.email();
            columns[3][row] = VisitorRows.micros(p.timestamp());
            row++;
        }
        return database.read("looking for earlier payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(WITH_EARLIER)) {
                for (int col = 0; col < columns.length; col++) {
                    ps.setArray(col + 1, c.createArrayOf("text", columns[col]));
                }
                ps.setString(5, websiteId);
                ps.setString(6, websiteId);
                Set<String> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public boolean hasEarlierOfSameCustomer(Payment payment) {
        boolean byVisitor = payment.visitorId() != null;
        if (!byVisitor && payment.email() == null) {
            return false;
        }
        return database.read("looking for earlier payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(byVisitor ? EARLIER_OF_VISITOR : EARLIER_OF_EMAIL)) {
                ps.setString(1, payment.websiteId());
                ps.setString(2, byVisitor ? payment.visitorId() : payment.email());
                setInstant(ps, 3, payment.timestamp());
                ps.setString(4, payment.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }
}
