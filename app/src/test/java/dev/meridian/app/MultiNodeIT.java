package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 16: three servers (the fat jar, three processes) on one PostgreSQL (an embedded one this test starts),
 * as behind a load balancer. A live-map stream on B shows an event tracked on A within 2 s; concurrent payments
 * of one customer through two nodes give the customer's whole revenue and one new payment; node C killed with
 * SIGKILL while clients send to all three loses no acknowledged event and stores none twice. Runs after
 * {@code package} (failsafe), loopback only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {

    private static final String DOMAIN = "nodes.example";
    private static final Pattern DATA = Pattern.compile("^data:\\s?(.*)$");

    private static Path root;
    private static EmbeddedDatabase database;
    private static ServerProcess a;
    private static ServerProcess b;
    private static ServerProcess c;
    private static String websiteId;
    private static String trackingId;

    @BeforeAll
    static void threeNodesOnOneDatabase() throws Exception {
        root = Files.createTempDirectory("meridian-multinode");
        database = EmbeddedDatabase.start(root.resolve("postgres"), 0);
        // A first (it migrates the schema), then B and C together: three JVMs connecting at once on a loaded
        // 2-core machine have missed the pool's 2.5 s connection timeout
        a = start("a");
        CompletableFuture<ServerProcess> startingB = CompletableFuture.supplyAsync(() -> start("b"));
        CompletableFuture<ServerProcess> startingC = CompletableFuture.supplyAsync(() -> start("c"));
        b = startingB.get(150, TimeUnit.SECONDS);
        c = startingC.get(150, TimeUnit.SECONDS);
        Map<String, String> site = a.createWebsite(DOMAIN);
        websiteId = site.get("websiteId");
        trackingId = site.get("trackingId");
    }

    private static ServerProcess start(String node) {
        try {
            Path dir = Files.createDirectories(root.resolve(node));
            // pgjdbc takes the URL's parameters over the pool's 2 s: on this shared 2-core machine a first
            // connection (a forked backend, SCRAM) has taken longer than that while three JVMs start
            return ServerProcess.startOn(dir, ServerProcess.freePort(),
                    database.jdbcUrl() + "?loginTimeout=20&connectTimeout=20", database.user(), database.password());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (ServerProcess node : new ServerProcess[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void aStreamOnNodeBShowsAnEventTrackedOnNodeAWithinTwoSeconds() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = client.sendAsync(
                HttpRequest.newBuilder(b.uri("/api/v1/analytics/realtime/stream?websiteId=" + websiteId))
                        .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = null;
        try {
            response = stream.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            Stream<String> lines = response.body();
            Thread reader = new Thread(() -> lines.forEach(line -> {
                Matcher m = DATA.matcher(line);
                if (m.matches()) {
                    frames.add(m.group(1));
                }
            }), "stream-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(frames.poll(10, TimeUnit.SECONDS)).as("the first map, at once").isNotNull();

            String path = "/cross-node-" + UUID.randomUUID();
            long sent = System.nanoTime();
            assertThat(a.pageview(trackingId, DOMAIN, UUID.randomUUID().toString(), path).statusCode()).isEqualTo(200);
            String seen = null;
            long deadline = sent + TimeUnit.SECONDS.toNanos(2);
            while (seen == null && System.nanoTime() < deadline) {
                String frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame != null && frame.contains(path)) {
                    seen = frame;
                }
            }
            assertThat(seen).as("a map frame on B naming the page viewed on A, within 2 s").isNotNull();
        } finally {
            if (response != null) {
                response.body().close(); // the connection is closed: B drops the stream
            }
        }
    }

    @Test
    @Order(2)
    void concurrentPaymentsOfOneCustomerThroughTwoNodesGiveItsWholeRevenueAndOneNewPayment() throws Exception {
        String visitor = UUID.randomUUID().toString();
        assertThat(a.pageview(trackingId, DOMAIN, visitor, "/pricing").statusCode()).isEqualTo(200);
        int payments = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < payments; i++) {
            ServerProcess node = i % 2 == 0 ? a : b;
            String body = "{\"amount\":\"12.50\",\"currency\":\"USD\",\"transaction_id\":\"tx-" + i
                    + "\",\"datafast_visitor_id\":\"" + visitor + "\",\"email\":\"jane@example.com\",\"name\":\"Jane\"}";
            answers.add(pool.submit(() -> node.send(HttpRequest.newBuilder(node.uri("/api/v1/payments?websiteId=" + websiteId))
                    .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)))));
        }
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        pool.shutdown();

        try (Connection db = connect();
                PreparedStatement ps = db.prepareStatement(
                        "select is_customer, revenue from visitors where website_id = ? and visitor_id = ?")) {
            ps.setString(1, websiteId);
            ps.setString(2, visitor);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean("is_customer")).isTrue();
                assertThat(rs.getBigDecimal("revenue")).isEqualByComparingTo("300.00"); // 24 × 12.50
            }
        }
        HttpResponse<String> map = c.send(HttpRequest.newBuilder(
                c.uri("/api/v1/analytics/realtime/map?websiteId=" + websiteId))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).GET());
        assertThat(map.statusCode()).isEqualTo(200);
        assertThat(count(map.body(), "\"isNew\":true")).as("one first payment of the customer").isEqualTo(1);
        assertThat(count(map.body(), "\"isNew\":false")).isEqualTo(payments - 1);
        assertThat(map.body()).contains("\"visitorId\":\"" + visitor + "\"").contains("\"isCustomer\":true");
    }

    @Test
    @Order(3)
    void aNodeKilledWithSigkillUnderLoadLosesNoAcknowledgedEventAndStoresNoneTwice() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger toKilledNode = new AtomicInteger();
        ServerProcess[] nodes = {a, b, c};
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            int client = t;
            clients.submit(() -> {
                String visitor = UUID.randomUUID().toString();
                for (int n = 0; sending.get(); n++) {
                    if (n % 5 == 0) {
                        visitor = UUID.randomUUID().toString();
                    }
                    ServerProcess node = nodes[(client + n) % 3];
                    try {
                        HttpResponse<String> response = node.pageview(trackingId, DOMAIN, visitor, "/load/" + n);
                        if (response.statusCode() == 200) {
                            acknowledged.add(ServerProcess.field(response.body(), "eventId").orElseThrow());
                            if (node == c) {
                                toKilledNode.incrementAndGet();
                            }
                        }
                    } catch (IOException refusedOrCut) {
                        // node C is gone: this event was never acknowledged
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(2500);
        assertThat(c.killHard()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        Thread.sleep(1000);
        sending.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(toKilledNode).as("events acknowledged by the killed node").hasPositiveValue();

        Set<String> stored = new HashSet<>();
        long rows = 0;
        try (Connection db = connect();
                PreparedStatement ps = db.prepareStatement("select id from events where website_id = ? and path like '/load/%'")) {
            ps.setString(1, websiteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                    rows++;
                }
            }
        }
        assertThat(stored).containsAll(acknowledged);
        assertThat(rows).as("no event stored twice").isEqualTo(stored.size());
        System.out.printf("multi-node kill: %d events acknowledged (%d by the killed node), %d stored%n",
                acknowledged.size(), toKilledNode.get(), rows);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
