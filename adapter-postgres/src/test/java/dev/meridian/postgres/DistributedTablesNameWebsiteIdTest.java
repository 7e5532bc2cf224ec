package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Citus rule of docs/scale-out.md: every statement the adapter runs on a table that Citus distributes by
 * {@code website_id} ({@code events} and its partitions, {@code visitors}, {@code payments}, {@code robot_counts},
 * {@code robot_visitors}, {@code visitor_hour_counts})
 * names {@code website_id}, so Citus can route it to the website's shard. Every statement pgjdbc sends while a
 * workload calls every storage port (tracking, goals, identify, payments and refunds, imports, the map, visitors,
 * robot counts, conversion history, partition upkeep) is captured from pgjdbc's own log (its {@code FE=> Parse}
 * lines) and checked. DDL on event partitions is exempt: Citus propagates it to the shards itself.
 */
class DistributedTablesNameWebsiteIdTest {

    static final Set<String> DISTRIBUTED = Set.of("events", "visitors", "payments", "robot_counts", "robot_visitors",
            "visitor_hour_counts");
    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:from|into|update|join)\\s+(?:only\\s+)?(events(?:_p\\d{6})?|visitors|payments|robot_counts|robot_visitors|visitor_hour_counts)\\b");
    private static final Pattern PARSE = Pattern.compile("FE=> (?:Parse\\(stmt=[^,]*,query=\"|SimpleQuery\\(query=\")(.*?)\"(?:,oids=|\\))",
            Pattern.DOTALL);
    private static final Pattern DDL = Pattern.compile("^\\s*(create|drop|alter)\\s+table\\b", Pattern.CASE_INSENSITIVE);

    /** Every statement pgjdbc parsed while capturing, by its text. */
    private final Set<String> statements = ConcurrentHashMap.newKeySet();

    @Test
    void everyStatementOnADistributedTableNamesWebsiteId() {
        PostgresStorage storage = TestDatabase.storage();
        Logger pgjdbc = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        Level before = pgjdbc.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getParameters() == null ? record.getMessage()
                        : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
                Matcher m = PARSE.matcher(message);
                if (m.find()) {
                    statements.add(m.group(1));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        pgjdbc.setLevel(Level.FINEST);
        pgjdbc.addHandler(capture);
        try {
            everyPort(storage);
        } finally {
            pgjdbc.removeHandler(capture);
            pgjdbc.setLevel(before);
        }

        Map<String, List<String>> byTable = onDistributedTables(statements);
        assertThat(byTable.keySet()).as("statements seen on every distributed table (the check is not vacuous)")
                .containsExactlyInAnyOrderElementsOf(DISTRIBUTED);
        assertThat(withoutWebsiteId(byTable)).as("statements on distributed tables that do not name website_id")
                .isEmpty();
        System.out.printf("checked %d statements on distributed tables: %s%n",
                byTable.values().stream().mapToInt(List::size).sum(),
                byTable.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList());
        if (Boolean.getBoolean("meridian.print-statements")) {
            byTable.forEach((table, sqls) -> sqls.forEach(sql -> System.out.println(table + ": " + sql)));
        }
    }

    @Test
    void theCheckFindsAStatementThatDoesNotNameWebsiteId() {
        Map<String, List<String>> byTable = onDistributedTables(List.of(
                "select * from visitors where website_id = $1 and visitor_id = $2",
                "select * from visitors where visitor_id = $1",
                "with x as (update payments set refunded = true where transaction_id = $1) select 1",
                "delete from events_p202601 where id = $1",
                "create table events_p202602 partition of events for values from ('2026-02-01') to ('2026-03-01')",
                "select hash from api_keys where hash = $1"));

        assertThat(byTable.keySet()).containsExactlyInAnyOrder("visitors", "payments", "events");
        assertThat(withoutWebsiteId(byTable)).containsExactlyInAnyOrder(
                "select * from visitors where visitor_id = $1",
                "with x as (update payments set refunded = true where transaction_id = $1) select 1",
                "delete from events_p202601 where id = $1");
    }

    /** The statements on distributed tables, by table (a partition counts as {@code events}); DDL left out. */
    static Map<String, List<String>> onDistributedTables(Collection<String> statements) {
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        for (String sql : new TreeSet<>(statements)) {
            String lower = sql.toLowerCase(Locale.ROOT);
            if (DDL.matcher(lower).find()) {
                continue;
            }
            Matcher m = TABLE.matcher(lower);
            Set<String> tables = new TreeSet<>();
            while (m.find()) {
                tables.add(m.group(1).startsWith("events") ? "events" : m.group(1));
            }
            tables.forEach(t -> byTable.computeIfAbsent(t, k -> new ArrayList<>()).add(sql));
        }
        return byTable;
    }

    static Set<String> withoutWebsiteId(Map<String, List<String>> byTable) {
        Set<String> offenders = new TreeSet<>();
        byTable.values().forEach(sqls -> sqls.stream()
                .filter(sql -> !sql.toLowerCase(Locale.ROOT).contains("website_id")).forEach(offenders::add));
        return offenders;
    }

    /** Calls every storage port at least once, through core's use cases and directly. */
    private static void everyPort(PostgresStorage storage) {
        Meridian meridian = Meridian.builder()
                .storage(storage)
                .conversionModels(history -> ConversionModels.NONE)
                .build();
        Website website = meridian.websites().create(new NewWebsite("citus.example", null, null, null));
        meridian.websites().issueApiKey(website.id());
        meridian.websites().apiKeys(website.id());
        String visitor = UUID.randomUUID().toString();
        String session = "s" + UUID.randomUUID();
        for (String path : List.of("/", "/pricing?utm_source=x")) {
            meridian.trackEvent().track(new TrackCommand(website.trackingId(), "citus.example",
                    "https://citus.example" + path, "https://google.com/", visitor, session, "pageview", Map.of(),
                    false, "203.0.113.9", "Firefox/127.0"));
        }
        meridian.recordGoal().record(new GoalCommand(website.id(), visitor, "signup", null, Map.of()));
        meridian.identify().identify(new IdentifyCommand(website.id(), visitor,
                Map.of("user_id", "u1", "email", "jane@example.com")));
        meridian.recordPayment().record(new PaymentCommand(website.id(), "49", "USD", "tx-1", visitor, null, null,
                null, false, false, null));
        meridian.recordPayment().record(new PaymentCommand(website.id(), "10", "USD", "tx-2", null,
                "jane@example.com", null, null, false, false, null));
        meridian.recordPayment().record(new PaymentCommand(website.id(), "49", "USD", "tx-1", visitor, null, null,
                null, false, true, null));
        meridian.realtimeMap().forWebsite(website.id());

        List<ImportLine> lines = new ArrayList<>();
        Instant at = Instant.now().minus(Duration.ofDays(3));
        String imported = UUID.randomUUID().toString();
        String importedSession = "s" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("type", "pageview");
            f.put("timestamp", at.plusSeconds(i).toString());
            f.put("visitorId", imported);
            f.put("sessionId", importedSession);
            f.put("href", "https://citus.example/p" + i);
            lines.add(ImportLine.read(i + 1, f.toString(), f, Map.of()));
        }
        Map<String, String> pay = new LinkedHashMap<>();
        pay.put("type", "payment");
        pay.put("amount", "5");
        pay.put("currency", "USD");
        pay.put("transaction_id", "tx-import");
        pay.put("datafast_visitor_id", imported);
        pay.put("timestamp", at.plusSeconds(10).toString());
        lines.add(ImportLine.read(4, pay.toString(), pay, Map.of()));
        ImportReport first = meridian.importHistory().run(website.id(), lines.iterator());
        assertThat(first.eventsStored()).as(first.toString()).isEqualTo(3);
        assertThat(first.paymentsStored()).as(first.toString()).isEqualTo(1);
        ImportReport again = meridian.importHistory().run(website.id(), lines.iterator());
        assertThat(again.alreadyStored()).as("the events-already-in-range path").isEqualTo(4);

        storage.visitors().find(website.id(), visitor);
        storage.visitors().findAll(website.id(), List.of(visitor, imported));
        storage.visitors().latestWithProfileEmail(website.id(), "jane@example.com");
        storage.visitors().update(website.id(), visitor, state -> state);
        storage.visitors().updateAll(website.id(), Map.of(visitor, state -> state));
        storage.visitorHistory().journey(website.id(), visitor, 500);
        storage.visitorHistory().list(new VisitorQuery(website.id(), at.minus(Duration.ofDays(1)), Instant.now(), 0, 10,
                Set.of("/"), Set.of("US"), Set.of("desktop"), Set.of("Chrome"), Set.of("Mac OS"), Set.of("google.com"),
                Set.of("news"), Set.of("spring"), Set.of("signup", "payment"), false));
        storage.visitorHistory().list(VisitorQuery.all(website.id(), at.minus(Duration.ofDays(1)), Instant.now(), 0, 10));
        storage.conversionHistory().segments(website.id(), at.minus(Duration.ofDays(1)), Instant.now());
        storage.eventLog().recentEvents(website.id(), at, 10);
        storage.payments().recentPayments(website.id(), at, 10);
        storage.payments().ofVisitor(website.id(), visitor);
        storage.payments().ofVisitors(website.id(), List.of(visitor, imported));
        Payment byEmail = storage.payments().byTransactionId(website.id(), "tx-2").orElseThrow();
        storage.payments().hasEarlierOfSameCustomer(byEmail);
        storage.payments().withEarlierOfSameCustomer(website.id(), List.of(byEmail));
        storage.payments().recordAll(List.of(new Payment(UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                website.id(), "tx-all", BigDecimal.ONE, "USD", at, visitor, null, null, null, false, false)));
        storage.payments().markRefunded(website.id(), "tx-all");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        storage.robotCounts().orElseThrow().add(Map.of(new RobotDay(website.id(), today), 3L));
        storage.robotCounts().orElseThrow().count(website.id(), today);
        storage.robotCounts().orElseThrow().rememberVisitors(Map.of(new RobotVisitor(website.id(), "bot"), Instant.now()));
        storage.robotCounts().orElseThrow().isRobotVisitor(website.id(), "bot");
        storage.keepPartitions(Instant.now());
        meridian.close();
    }
}
