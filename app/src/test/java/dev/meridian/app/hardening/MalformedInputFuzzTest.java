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
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000+ generated malformed requests ({@link MalformedRequests}) against every write endpoint of the real server
 * (real core, in-memory store, rate limits off), over keep-alive connections: every answer is a 4xx error envelope
 * (the NDJSON import may instead report that it accepted nothing), none is a 5xx, nothing is stored, and the
 * heap after a full collection has grown by less than 64 MB. The seed is printed and each failure names it.
 */
class MalformedInputFuzzTest {

    private static final int REQUESTS = Integer.getInteger("meridian.fuzz.requests", 100_000);
    private static final int THREADS = 4;
    private static final long SEED = Long.getLong("meridian.fuzz.seed", System.nanoTime());
    private static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;
    private static final String ADMIN = "dft_" + "f".repeat(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void everyMalformedRequestIsA4xxEnvelopeAndNothingIsStored() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "memory",
                "meridian.admin-token", ADMIN,
                "meridian.data-dir", dataDir.toString(),
                "meridian.rate-limit.events.requests", "0",
                "meridian.rate-limit.api.requests", "0"))) {
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            ManageWebsites admin = context.getBean(ManageWebsites.class);
            Website site = admin.create(new NewWebsite("shop.example", "Shop", null, null));
            String key = admin.createApiKey(site.id());
            String visitor = UUID.randomUUID().toString();
            context.getBean(TrackEvent.class).track(new TrackCommand(site.trackingId(), "shop.example",
                    "https://shop.example/", null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false,
                    "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"));
            Target target = new Target(site.id(), site.trackingId(), "shop.example", visitor, key, ADMIN);
            StoreContents before = StoreContents.of(context, site.id());

            long heapBefore = usedHeapAfterGc();
            Map<String, Long> answers = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = SEED + t;
                done.add(threads.submit(() -> {
                    send(base, new MalformedRequests(seed, target), REQUESTS / THREADS, seed, answers, failures, sent);
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
            threads.shutdown();
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            System.out.printf("fuzz: %d requests in %d s, seed %d, answers %s%n", sent.get(), seconds, SEED,
                    new java.util.TreeMap<>(answers));

            assertThat(failures).as("seed %d", SEED).isEmpty();
            assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS - THREADS);
            assertThat(StoreContents.of(context, site.id())).as("nothing malformed was stored").isEqualTo(before);
            long growth = usedHeapAfterGc() - heapBefore;
            assertThat(growth).as("heap growth in bytes after %d requests", sent.get()).isLessThan(MAX_HEAP_GROWTH);
        }
    }

    private static void send(URI base, MalformedRequests generator, int count, long seed, Map<String, Long> answers,
                             List<String> failures, AtomicLong sent) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < count && failures.size() < 20; i++) {
            Request request = generator.next();
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()))
                    .header("Content-Type", request.contentType())
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36");
            if (request.authorization() != null) {
                builder.header("Authorization", request.authorization());
            }
            HttpResponse<String> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                failures.add("seed " + seed + " #" + i + " " + request.description() + ": " + e);
                continue;
            }
            sent.incrementAndGet();
            answers.merge(response.statusCode() + " " + request.method() + " " + request.path()
                    .replaceAll("/admin/websites/[^/]+", "/admin/websites/{id}")
                    .replaceAll("api-keys/.+", "api-keys/{keyId}"), 1L, Long::sum);
            String problem = problem(request, response);
            if (problem != null) {
                failures.add("seed " + seed + " #" + i + " " + request.method() + " " + request.path() + " ("
                        + request.description() + ", " + request.contentType() + "): " + problem + "; body sent: "
                        + abbreviate(new String(request.body(), StandardCharsets.UTF_8)));
            }
        }
    }

    /** Why an answer is wrong, or {@code null} when it is right. */
    private static String problem(Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception notJson) {
            return status + " with a body that is not JSON: " + abbreviate(response.body());
        }
        if (request.importRoute() && status == 200) {
            JsonNode data = body.path("data");
            return data.path("accepted").asLong(-1) == 0 && data.path("eventsStored").asLong(-1) == 0
                    && data.path("paymentsStored").asLong(-1) == 0 ? null
                    : "the import accepted a malformed line: " + abbreviate(response.body());
        }
        if (status < 400 || status > 499) {
            return "answered " + status + ": " + abbreviate(response.body());
        }
        boolean envelope = "error".equals(body.path("status").asText()) && body.path("error").path("code").asInt() == status
                && !body.path("error").path("message").asText().isBlank();
        return envelope ? null : status + " without the error envelope: " + abbreviate(response.body());
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

    /** What the store holds, through the storage ports. */
    record StoreContents(Set<String> websites, int apiKeys, int events, int visitors, int payments) {

        static StoreContents of(ApplicationContext context, String websiteId) {
            List<Website> all = context.getBean(Websites.class).all();
            Instant always = Instant.EPOCH;
            int events = 0;
            int visitors = 0;
            int payments = 0;
            int keys = 0;
            for (Website w : all) {
                events += context.getBean(EventLog.class).recentEvents(w.id(), always, Integer.MAX_VALUE).size();
                visitors += context.getBean(Visitors.class).active(w.id(), always, 1).count();
                payments += context.getBean(Payments.class).recentPayments(w.id(), always, Integer.MAX_VALUE).size();
                keys += context.getBean(Credentials.class).apiKeysOf(w.id()).size();
            }
            return new StoreContents(new java.util.TreeSet<>(all.stream().map(Website::id).toList()), keys, events,
                    visitors, payments);
        }
    }
}
