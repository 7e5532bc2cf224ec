package dev.meridian.postgres.bench;

import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorUpdate;
import dev.meridian.postgres.PostgresStorage;
import dev.meridian.postgres.StorageSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.postgresql.PGConnection;

/**
 * Adapter-level load harness (not a test): appends/s through {@code EventLog.append} at a given concurrency,
 * and realtime-map query latency over a large history. Runs on its own embedded PostgreSQL (durable
 * settings: fsync and synchronous_commit on) in a temporary data directory. See docs/storage.md.
 *
 * <p>Arguments (all optional): {@code threads=64 seconds=20 rounds=3 history=1000000 active=1000,10000
 * writers=2 pool=16 only=all|appends|queries}.
 */
public final class StorageLoadHarness {

    private static final String SITE = "b00000000000000000000001";
    private static final AtomicLong IDS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            opts.put(kv[0], kv[1]);
        }
        int threads = Integer.parseInt(opts.getOrDefault("threads", "64"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int history = Integer.parseInt(opts.getOrDefault("history", "1000000"));
        int[] actives = Arrays.stream(opts.getOrDefault("active", "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        String only = opts.getOrDefault("only", "all");
        int writers = Integer.parseInt(opts.getOrDefault("writers", "2"));
        int pool = Integer.parseInt(opts.getOrDefault("pool", "16"));

        Path dataDir = Files.createTempDirectory("meridian-bench");
        System.out.println("data directory " + dataDir + " (deleted at the end)");
        try (PostgresStorage storage = PostgresStorage.open(
                StorageSettings.embedded(dataDir).withPool(pool, writers, 500))) {
            if (!only.equals("queries")) {
                appendThroughput(storage, threads, seconds, rounds);
            }
            if (!only.equals("appends")) {
                mapQueries(storage, history, actives);
            }
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- appends

    private static void appendThroughput(PostgresStorage storage, int threads, int seconds, int rounds)
            throws InterruptedException {
        System.out.printf("%n== EventLog.append, %d threads, %d s per round (after a 5 s warm-up)%n", threads, seconds);
        runAppends(storage, threads, 5);
        List<double[]> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            double[] result = runAppends(storage, threads, seconds);
            results.add(result);
            System.out.printf("round %d: %.0f appends/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", r, result[0], result[1],
                    result[2], result[3]);
        }
        System.out.printf("median: %.0f appends/s, p50 %.2f ms, p99 %.2f ms%n",
                median(results, 0), median(results, 1), median(results, 2));
    }

    /** @return appends/s, p50 ms, p99 ms, max ms */
    private static double[] runAppends(PostgresStorage storage, int threads, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int index = t;
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int n = 0;
                while (System.nanoTime() < end && n < mine.length) {
                    String visitor = "v" + random.nextInt(100_000);
                    Instant now = Instant.now();
                    Event event = new Event(String.format("%024x", IDS.incrementAndGet()), SITE, visitor, "s1",
                            EventType.PAGEVIEW, now, "/pricing?plan=" + random.nextInt(3), "https://google.com/", "US",
                            Map.of());
                    long start = System.nanoTime();
                    storage.eventLog().append(event, pageviewAt(visitor, now));
                    mine[n++] = System.nanoTime() - start;
                }
                counts[index] = n;
                done.countDown();
            });
            thread.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new double[] {total / (double) seconds, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6,
                all[total - 1] / 1e6};
    }

    /** What tracking does to a visitor on a pageview, roughly. */
    private static VisitorUpdate pageviewAt(String visitor, Instant now) {
        return current -> {
            VisitorState s = current.orElse(null);
            if (s == null) {
                return new VisitorState(SITE, visitor, now, now, now, "s1", now, 1, "/pricing", "https://google.com/",
                        null, new Location("Boulder", "US-CO", "US", 40.0, -105.2), new SystemInfo("Chrome", "Mac OS", "desktop"),
                        new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com"), null, null);
            }
            return new VisitorState(SITE, visitor, s.firstSeenAt(), now, now, s.sessionId(), s.sessionStartedAt(),
                    s.visitCount(), "/pricing", s.sessionReferrer(), s.sessionParams(), s.location(), s.system(),
                    s.firstTouch(), s.profile(), s.customer());
        };
    }

    // ---------------------------------------------------------------- map queries

    private static void mapQueries(PostgresStorage storage, int history, int[] actives) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        System.out.printf("%n== bulk-loading %,d historical visitors (last pageview 1-90 days ago) and one event each%n", history);
        long start = System.nanoTime();
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate visitors, events");
        }
        for (int d = 0; d <= 120; d += 10) {
            storage.keepPartitions(now.minus(Duration.ofDays(d)));
        }
        copyVisitors(storage, SITE, "h", history, i -> now.minus(Duration.ofMinutes(1440 + (i * 7L) % (89 * 1440))));
        System.out.printf("loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);

        int loadedActive = 0;
        for (int active : actives) {
            copyVisitors(storage, SITE, "a" + active + "-", active - loadedActive,
                    i -> now.minus(Duration.ofMillis((i * 7919L) % 600_000)));
            loadedActive = active;
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("analyze visitors");
                s.execute("analyze events");
            }
            Instant since = now.minus(Duration.ofMinutes(10));
            var listed = storage.visitors().active(SITE, since, GetRealtimeMap.DEFAULT_LIMIT);
            double[] visitors = time(50, () -> storage.visitors().active(SITE, since, GetRealtimeMap.DEFAULT_LIMIT));
            double[] counted = time(50, () -> storage.visitors().active(SITE, since, 1));
            double[] events = time(50, () -> storage.eventLog().recentEvents(SITE, since, 100));
            double[] payments = time(50, () -> storage.payments().recentPayments(SITE, since, 100));
            System.out.printf("%,d active (count %,d, %,d returned) of %,d stored: active(limit %d) median %.1f ms "
                            + "(p95 %.1f), active(limit 1, about the count alone) median %.1f ms (p95 %.1f), "
                            + "recentEvents(100) median %.2f ms (p95 %.2f), recentPayments(100) median %.2f ms%n",
                    active, listed.count(), listed.latest().size(), history + active, GetRealtimeMap.DEFAULT_LIMIT,
                    visitors[0], visitors[1], counted[0], counted[1], events[0], events[1], payments[0]);
        }
    }

    interface Timestamps {
        Instant of(long i);
    }

    /** COPY {@code count} visitors (and one pageview each) whose last pageview is {@code at(i)}. */
    static void copyVisitors(PostgresStorage storage, String site, String prefix, int count, Timestamps at)
            throws SQLException, IOException {
        int chunk = 50_000;
        for (int from = 0; from < count; from += chunk) {
            int to = Math.min(count, from + chunk);
            StringBuilder visitors = new StringBuilder();
            StringBuilder events = new StringBuilder();
            for (int i = from; i < to; i++) {
                String id = prefix + i;
                Instant last = at.of(i);
                Instant first = last.minus(Duration.ofMinutes(i % 5000));
                boolean customer = i % 50 == 0;
                visitors.append(site).append(',').append(id).append(',')
                        .append(first).append(',').append(last).append(',').append(last).append(",s").append(i).append(',')
                        .append(first).append(',').append(1 + i % 4).append(",/page/").append(i % 100)
                        .append(",https://google.com/,,,,google,cpc,spring,,,Berlin,DE-BE,DE,52.52,13.40,Chrome,Windows,desktop,")
                        .append(i % 3 == 0 ? "mobile" : "desktop").append(",Windows,Chrome,DE,")
                        .append(i % 2 == 0 ? "google.com" : "(direct)")
                        .append(",false,,,,{},").append(customer).append(",,,").append(customer ? "49.00" : "0").append('\n');
                events.append(site).append(',').append(last).append(',').append(String.format("%024x", IDS.incrementAndGet()))
                        .append(',').append(id).append(",s").append(i).append(",pageview,/page/").append(i % 100)
                        .append(",,DE,{}\n");
            }
            try (Connection c = storage.dataSource().getConnection()) {
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn("copy visitors (" + String.join(", ", visitorColumns()) + ") from stdin with (format csv)",
                        reader(visitors));
                copy.copyIn("copy events (website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, "
                        + "country_code, extra_data) from stdin with (format csv)", reader(events));
            }
        }
    }

    private static Reader reader(StringBuilder csv) {
        return new StringReader(csv.toString());
    }

    private static List<String> visitorColumns() {
        return List.of("website_id", "visitor_id", "first_seen_at", "last_seen_at", "last_pageview_at", "session_id",
                "session_started_at", "visit_count", "current_url", "session_referrer",
                "param_ref", "param_source", "param_via", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
                "city", "region", "country_code", "latitude", "longitude", "browser", "os", "device_type",
                "ft_device", "ft_os", "ft_browser", "ft_country", "ft_referrer",
                "identified", "user_id", "display_name", "image_url", "profile_fields",
                "is_customer", "customer_name", "customer_email", "revenue");
    }

    /** @return median and p95 in ms over {@code times} calls, after 5 warm-up calls */
    private static double[] time(int times, Supplier<?> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[times / 2], ms[(int) (times * 0.95)]};
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private StorageLoadHarness() {
    }

}
