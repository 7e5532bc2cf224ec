package dev.meridian.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.app.hardening.MalformedRequests.Request;
import dev.meridian.app.hardening.MalformedRequests.Target;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.model.Website;
import dev.meridian.postgres.PostgresStorage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000+ generated bad requests against every write endpoint and the import of the real server on its real storage,
 * the embedded PostgreSQL (rate limits off), over keep-alive connections: half malformed ({@link MalformedRequests}:
 * wrong JSON types, broken bodies, bad ids and URLs…), half hostile ({@link HostileRequests}: well-formed JSON with
 * what PostgreSQL refuses, U+0000 and other control characters raw and percent-encoded in every text field, and what
 * the input rules exist for: exponent amounts, unknown currencies, timestamps out of range, {@code javascript:} URLs).
 *
 * <p>Every answer is a 4xx error envelope (the import may instead report that it accepted nothing), none is a 5xx;
 * the few hostile requests the contract accepts in a cleaned form may be answered 2xx. Right after each bad request
 * its thread sends a valid pageview (answered asynchronously, up to 32 per thread in flight, so that the group
 * commit batches them as under real traffic), which must be stored: a bad request can neither stall nor poison the
 * group commit. At the end the database holds exactly what the 2xx answers stored (the valid pageviews, the accepted
 * hostile requests, the imports' reported events and payments): nothing of a refused request. The heap after a full
 * collection has grown by less than 64 MB. The seed is printed and each failure names it.
 */
class MalformedInputFuzzTest {

    private static final int REQUESTS = Integer.getInteger("meridian.fuzz.requests", 20_000);
    private static final int THREADS = 8;
    /** Valid pageviews a thread has sent and not yet seen answered: they wait for PostgreSQL's commits. */
    private static final int PAGEVIEWS_IN_FLIGHT = 32;
    private static final long SEED = Long.getLong("meridian.fuzz.seed", System.nanoTime());
    private static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;
    private static final String ADMIN = "dft_" + "f".repeat(40);
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    /** What the 2xx answers say they stored. */
    static final class Stored {
        final AtomicLong events = new AtomicLong();
        final AtomicLong payments = new AtomicLong();
        final AtomicLong websites = new AtomicLong();
        final AtomicLong apiKeys = new AtomicLong();
        final AtomicLong validPageviews = new AtomicLong();
        final AtomicLong importLines = new AtomicLong();
    }

    @Test
    void everyBadRequestIsA4xxEnvelopeNothingOfItIsStoredAndTheValidEventAfterItIs() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "postgres",
                "meridian.admin-token", ADMIN,
                "meridian.data-dir", dataDir.toString(),
                "meridian.enrichment.enabled", "false",
                "meridian.rate-limit.events.requests", "0",
                "meridian.rate-limit.api.requests", "0",
                // every thread may import at once: the import caps (429) would leave bodies unread
                "meridian.import.max-per-website", "0",
                "meridian.import.max-concurrent", "0",
                "meridian.db.import-pool-size", String.valueOf(THREADS)))) {
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            ManageWebsites admin = context.getBean(ManageWebsites.class);
            Website site = admin.create(new NewWebsite("shop.example", "Shop", null, null));
            String key = admin.issueApiKey(site.id()).key();
            String visitor = UUID.randomUUID().toString();
            context.getBean(TrackEvent.class).track(new TrackCommand(site.trackingId(), "shop.example",
                    "https://shop.example/", null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false,
                    "203.0.113.7", BROWSER));
            Target target = new Target(site.id(), site.trackingId(), "shop.example", visitor, key, ADMIN);
            PostgresStorage storage = context.getBean(PostgresStorage.class);
            Counts before = Counts.of(storage);

            long heapBefore = usedHeapAfterGc();
            Map<String, Long> answers = new ConcurrentHashMap<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicLong sent = new AtomicLong();
            Stored stored = new Stored();
            long started = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = SEED + t;
                done.add(threads.submit(() -> {
                    send(base, new MalformedRequests(seed, target), new HostileRequests(seed, target), target,
                            REQUESTS / THREADS, seed, answers, failures, sent, stored);
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
            threads.shutdown();
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            long growth = usedHeapAfterGc() - heapBefore;
            Counts after = Counts.of(storage);
            System.out.printf("fuzz on PostgreSQL: %d bad requests (%d import lines) and %d valid pageviews in %d s, "
                            + "seed %d, 5xx answers %d, heap growth %d MB, stored by 2xx answers %s, answers %s%n",
                    sent.get(), stored.importLines.get(), stored.validPageviews.get(), seconds, SEED,
                    answers.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToLong(Map.Entry::getValue)
                            .sum(), growth / (1024 * 1024), after.minus(before), new TreeMap<>(answers));

            assertThat(failures).as("seed %d", SEED).isEmpty();
            assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS - THREADS);
            assertThat(stored.validPageviews.get()).as("a valid pageview after each bad request")
                    .isEqualTo(sent.get());
            assertThat(after.minus(before)).as("exactly what the 2xx answers stored, nothing of a refused request")
                    .isEqualTo(new Counts(stored.events.get() + stored.validPageviews.get(), stored.payments.get(),
                            stored.websites.get(), stored.apiKeys.get()));
            assertThat(growth).as("heap growth in bytes after %d requests", sent.get()).isLessThan(MAX_HEAP_GROWTH);
        }
    }

    private static void send(URI base, MalformedRequests malformed, HostileRequests hostile, Target target, int count,
                             long seed, Map<String, Long> answers, List<String> failures, AtomicLong sent,
                             Stored stored) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<String[]> pageviewVisitors = new ArrayList<>(); // a visitor id and its session id each
        for (int i = 0; i < 50; i++) {
            pageviewVisitors.add(new String[] {UUID.randomUUID().toString(), "s" + UUID.randomUUID()});
        }
        Semaphore inFlight = new Semaphore(PAGEVIEWS_IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count && failures.size() < 20; i++) {
            Request request = i % 2 == 0 ? malformed.next() : hostile.next();
            HttpResponse<String> response = exchange(http, base, request, failures, seed, i);
            if (response == null) {
                continue;
            }
            sent.incrementAndGet();
            answers.merge(response.statusCode() + " " + request.method() + " " + request.path()
                    .replaceAll("\\?.*", "?…")
                    .replaceAll("/admin/websites/[^/]+", "/admin/websites/{id}")
                    .replaceAll("api-keys/.+", "api-keys/{keyId}"), 1L, Long::sum);
            String problem = problem(request, response, stored);
            if (problem != null) {
                failures.add("seed " + seed + " #" + i + " " + request.method() + " " + request.path() + " ("
                        + request.description() + ", " + request.contentType() + "): " + problem + "; body sent: "
                        + abbreviate(new String(request.body(), StandardCharsets.UTF_8)));
            }
            // the valid pageview goes right after the bad request's answer; its own answer is awaited asynchronously,
            // so that many are in flight and the group commit stores them in batches, as under real traffic
            Request valid = validPageview(target, pageviewVisitors.get(i % pageviewVisitors.size()), seed, i);
            inFlight.acquire();
            String after = request.description();
            int number = i;
            pending.add(http.sendAsync(builder(base, valid).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .whenComplete((answer, error) -> {
                        inFlight.release();
                        try {
                            if (error == null && answer.statusCode() == 200
                                    && JSON.readTree(answer.body()).path("data").hasNonNull("eventId")) {
                                stored.validPageviews.incrementAndGet();
                            } else {
                                failures.add("seed " + seed + " #" + number + ": the valid pageview after " + after
                                        + " was answered " + (error != null ? error.toString()
                                        : answer.statusCode() + " " + abbreviate(answer.body())));
                            }
                        } catch (Exception e) {
                            failures.add("seed " + seed + " #" + number + ": " + e);
                        }
                    }));
        }
        for (CompletableFuture<?> answer : pending) {
            try {
                answer.join();
            } catch (RuntimeException counted) {
                // its failure is in the list already
            }
        }
    }

    private static HttpRequest.Builder builder(URI base, Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .header("Content-Type", request.contentType())
                .header("User-Agent", BROWSER);
        if (request.authorization() != null) {
            builder.header("Authorization", request.authorization());
        }
        return builder;
    }

    private static HttpResponse<String> exchange(HttpClient http, URI base, Request request, List<String> failures,
                                                 long seed, int i) throws InterruptedException {
        try {
            return http.send(builder(base, request).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            failures.add("seed " + seed + " #" + i + " " + request.description() + ": " + e);
            return null;
        }
    }

    private static Request validPageview(Target target, String[] visitor, long seed, int i) {
        String body = "{\"websiteId\":\"" + target.trackingId() + "\",\"domain\":\"" + target.domain()
                + "\",\"href\":\"https://" + target.domain() + "/after/" + seed + "/" + i + "\",\"type\":\"pageview\","
                + "\"visitorId\":\"" + visitor[0] + "\",\"sessionId\":\"" + visitor[1] + "\"}";
        return new Request("POST", "/api/events", "application/json", null, body.getBytes(StandardCharsets.UTF_8),
                "valid pageview", false);
    }

    /** Why an answer is wrong, or {@code null} when it is right; counts what a 2xx answer stored. */
    private static String problem(Request request, HttpResponse<String> response, Stored stored) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception notJson) {
            return status + " with a body that is not JSON: " + abbreviate(response.body());
        }
        if (request.importRoute() && status == 200) {
            JsonNode data = body.path("data");
            long accepted = data.path("accepted").asLong(-1);
            stored.events.addAndGet(data.path("eventsStored").asLong());
            stored.payments.addAndGet(data.path("paymentsStored").asLong());
            stored.importLines.addAndGet(accepted + data.path("rejected").asLong());
            return accepted >= 0 && accepted <= request.acceptable() ? null
                    : "the import accepted " + accepted + " lines, at most " + request.acceptable()
                    + " are acceptable: " + abbreviate(response.body());
        }
        if (status >= 200 && status < 300 && request.acceptable() > 0) {
            count(request, body, stored);
            return null;
        }
        if (status < 400 || status > 499) {
            if (status >= 200 && status < 300) {
                count(request, body, stored);
            }
            return "answered " + status + ": " + abbreviate(response.body());
        }
        boolean envelope = "error".equals(body.path("status").asText()) && body.path("error").path("code").asInt() == status
                && !body.path("error").path("message").asText().isBlank();
        return envelope ? null : status + " without the error envelope: " + abbreviate(response.body());
    }

    /** What a 2xx answer of a write endpoint stored. */
    private static void count(Request request, JsonNode body, Stored stored) {
        String path = request.path().replaceAll("\\?.*", "");
        if (path.equals("/api/events")) {
            if (body.path("data").hasNonNull("eventId")) {
                stored.events.incrementAndGet();
            }
        } else if (path.equals("/api/v1/goals") || path.equals("/api/v1/identify")) {
            stored.events.incrementAndGet();
        } else if (path.equals("/api/v1/payments")) {
            if ("Payment recorded and attributed successfully".equals(body.path("message").asText())) {
                stored.payments.incrementAndGet();
            }
        } else if (path.equals("/api/v1/admin/websites")) {
            stored.websites.incrementAndGet();
        } else if (path.endsWith("/api-keys") && request.method().equals("POST")) {
            stored.apiKeys.incrementAndGet();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Rows in the database, counted with SQL. */
    record Counts(long events, long payments, long websites, long apiKeys) {

        static Counts of(PostgresStorage storage) throws Exception {
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
                return new Counts(count(s, "events"), count(s, "payments"), count(s, "websites"), count(s, "api_keys"));
            }
        }

        private static long count(Statement s, String table) throws Exception {
            try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        Counts minus(Counts other) {
            return new Counts(events - other.events, payments - other.payments, websites - other.websites,
                    apiKeys - other.apiKeys);
        }
    }
}
