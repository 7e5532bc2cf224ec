package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.metrics.PrometheusText;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /health}, {@code /health/readiness} and {@code /prometheus} of the real server (in-memory storage), with a
 * User-Agent parser that stays loading until the test lets it finish.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = HealthAndMetricsEndpointTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/health-metrics-data")
@Property(name = "meridian.test.slow-parser", value = "true")
@Property(name = ListenWhileTheParserLoads.PROPERTY, value = "true")
@Property(name = "meridian.realtime-stream.heartbeat", value = "500ms") // a closed stream is noticed at its next write
class HealthAndMetricsEndpointTest {

    static final String ADMIN = "dft_0123456789abcdef0123456789abcdef";
    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/126.0 Safari/537.36";
    private static final String ROBOT = "Mozilla/5.0 (compatible; ExampleBot/1.0)";

    private static final CountDownLatch parserMayLoad = new CountDownLatch(1);
    private static volatile BackgroundLoadedDeviceDetector detector;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    EmbeddedServer server;

    /**
     * The parser of this test: loads once the test allows it; a robot is a User-Agent that says "Bot". A factory
     * rather than a {@code @MockBean}, whose proxy would hide the detector's class from the readiness check.
     */
    @Factory
    @Requires(property = "meridian.test.slow-parser", value = "true")
    static class SlowParser {
        @Singleton
        @Replaces(DeviceDetector.class)
        DeviceDetector slowParser() {
            detector = BackgroundLoadedDeviceDetector.startNow(() -> {
                try {
                    parserMayLoad.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return userAgent -> new ClientDevice(SystemInfo.UNKNOWN,
                        userAgent != null && userAgent.contains("Bot"));
            });
            return detector;
        }
    }

    @Test
    @Order(1)
    void readinessIsDownWhileTheParserLoadsAndUpOnceLoadedWhileLivenessIsUpThroughout() throws Exception {
        Answer notReady = exchange(HttpRequest.GET("/health/readiness"));
        assertThat(notReady.code()).isEqualTo(503);
        assertThat(notReady.body()).containsEntry("status", "DOWN");
        assertThat(details(notReady, "userAgentParser")).containsEntry("status", "DOWN");
        Answer live = exchange(HttpRequest.GET("/health"));
        assertThat(live.code()).isEqualTo(200);
        assertThat(live.body()).containsEntry("status", "UP");

        parserMayLoad.countDown();
        awaitLoaded();

        Answer ready = exchange(HttpRequest.GET("/health/readiness"));
        assertThat(ready.code()).isEqualTo(200);
        assertThat(ready.body()).containsEntry("status", "UP");
        assertThat(details(ready, "userAgentParser")).containsEntry("status", "UP");
        assertThat(exchange(HttpRequest.GET("/health")).code()).isEqualTo(200);
        assertThat(exchange(HttpRequest.GET("/health/liveness")).code()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void prometheusCountsTrackedEventsByTypeAndOutcomeAndRefusalsByRouteStatusAndField() throws Exception {
        parserMayLoad.countDown();
        awaitLoaded();
        Map<String, Object> website = data(exchange(HttpRequest.POST("/api/v1/admin/websites",
                Map.of("domain", "metrics.example")).bearerAuth(ADMIN)));
        PrometheusText before = scrape();

        assertThat(track(website, "pageview", "https://metrics.example/a", BROWSER).code()).isEqualTo(200);
        assertThat(track(website, "pageview", "https://metrics.example/b", BROWSER).code()).isEqualTo(200);
        assertThat(track(website, "external_link", "https://metrics.example/c", BROWSER).code()).isEqualTo(200);
        assertThat(track(website, "pageview", "https://metrics.example/d", ROBOT).code()).isEqualTo(200);
        assertThat(track(website, "pageview", "ftp://metrics.example/e", BROWSER).code()).isEqualTo(400);
        assertThat(track(website, "no-such-type", "https://metrics.example/f", BROWSER).code()).isEqualTo(400);
        Answer tooLarge = exchange(HttpRequest.POST("/api/events", "x".repeat(70_000))
                .contentType(MediaType.APPLICATION_JSON_TYPE));
        assertThat(tooLarge.code()).isEqualTo(413);
        assertThat(exchange(HttpRequest.GET("/api/v1/analytics/realtime/map").bearerAuth("df_wrong")).code())
                .isEqualTo(401);

        PrometheusText after = scrape();
        String tracked = "meridian_events_tracked_total";
        assertThat(delta(before, after, tracked, "type", "pageview", "outcome", "stored")).isEqualTo(2);
        assertThat(delta(before, after, tracked, "type", "external_link", "outcome", "stored")).isEqualTo(1);
        assertThat(delta(before, after, tracked, "type", "pageview", "outcome", "robot")).isEqualTo(1);
        assertThat(delta(before, after, tracked, "type", "pageview", "outcome", "refused")).isEqualTo(1);
        assertThat(delta(before, after, tracked, "type", "invalid", "outcome", "refused")).isEqualTo(1);
        assertThat(after.sum(tracked, "outcome", "unavailable") - before.sum(tracked, "outcome", "unavailable"))
                .isZero();

        String refusals = "meridian_http_refusals_total";
        assertThat(delta(before, after, refusals, "route", "/api/events", "status", "400", "field", "href"))
                .isEqualTo(1);
        assertThat(delta(before, after, refusals, "route", "/api/events", "status", "400", "field", "type"))
                .isEqualTo(1);
        assertThat(delta(before, after, refusals, "route", "/api/events", "status", "413", "field", "none"))
                .isEqualTo(1);
        assertThat(delta(before, after, refusals, "route", "/api/v1/analytics/realtime/map", "status", "401",
                "field", "none")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void prometheusShowsMapLatencyImportLinesStreamsAndTheJvm() throws Exception {
        parserMayLoad.countDown();
        awaitLoaded();
        Map<String, Object> website = data(exchange(HttpRequest.POST("/api/v1/admin/websites",
                Map.of("domain", "map.example")).bearerAuth(ADMIN)));
        String key = (String) data(exchange(HttpRequest.POST("/api/v1/admin/websites/" + website.get("websiteId")
                + "/api-keys", "").bearerAuth(ADMIN))).get("key");
        PrometheusText before = scrape();

        assertThat(exchange(HttpRequest.GET("/api/v1/analytics/realtime/map").bearerAuth(key)).code())
                .isEqualTo(200);
        String visitor = UUID.randomUUID().toString();
        String lines = "{\"type\":\"pageview\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"visitorId\":\"" + visitor
                + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\",\"href\":\"https://map.example/\","
                + "\"countryCode\":\"US\",\"browser\":\"Chrome\",\"os\":\"Mac OS\",\"device\":\"desktop\"}\n"
                + "{\"type\":\"pageview\"}\n";
        Answer imported = exchange(HttpRequest.POST("/api/v1/import", lines)
                .contentType("application/x-ndjson").bearerAuth(key));
        assertThat(imported.code()).isEqualTo(200);
        assertThat(data(imported)).containsEntry("accepted", 1).containsEntry("rejected", 1);

        PrometheusText after = scrape();
        assertThat(delta(before, after, "meridian_realtime_map_seconds_count")).isEqualTo(1);
        assertThat(after.value("meridian_realtime_map_seconds_sum")).isPositive();
        assertThat(delta(before, after, "meridian_import_lines_total", "result", "accepted")).isEqualTo(1);
        assertThat(delta(before, after, "meridian_import_lines_total", "result", "rejected")).isEqualTo(1);
        assertThat(after.value("meridian_realtime_streams")).isZero();

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.io.InputStream> stream = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + server.getPort() + "/api/v1/analytics/realtime/stream"))
                .header("Authorization", "Bearer " + key).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (java.io.InputStream frames = stream.body()) {
            assertThat(new String(frames.readNBytes(10), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("event: map");
            assertThat(scrape().value("meridian_realtime_streams")).isEqualTo(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (scrape().value("meridian_realtime_streams") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(scrape().value("meridian_realtime_streams")).as("closed by the client").isZero();
        assertThat(after.has("jvm_memory_used_bytes")).isTrue();
        assertThat(after.has("process_uptime_seconds")).isTrue();
    }

    @Test
    @Order(4)
    void healthAndMetricsAreNeitherRateLimitedNorBehindCredentialsAndOtherManagementEndpointsAreOff() {
        PrometheusText before = scrape();
        for (int i = 0; i < 500; i++) { // more than the API's burst of 300
            assertThat(exchange(HttpRequest.GET("/health")).code()).isEqualTo(200);
        }
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/prometheus"), String.class).code()).isEqualTo(200);
        for (String off : new String[] {"/beans", "/env", "/loggers", "/metrics", "/routes", "/threaddump", "/info"}) {
            assertThat(exchange(HttpRequest.GET(off)).code()).as(off).isEqualTo(404);
        }
        PrometheusText after = scrape();
        assertThat(delta(before, after, "meridian_http_refusals_total", "route", "unmatched", "status", "404",
                "field", "none")).isEqualTo(7);
    }

    private Answer track(Map<String, Object> website, String type, String href,
            String userAgent) {
        Map<String, Object> body = new HashMap<>();
        body.put("websiteId", website.get("trackingId"));
        body.put("domain", website.get("domain"));
        body.put("href", href);
        body.put("type", type);
        body.put("visitorId", UUID.randomUUID().toString());
        body.put("sessionId", "s" + UUID.randomUUID());
        if (type.equals("external_link")) {
            body.put("extraData", Map.of("url", "https://elsewhere.example/", "text", "out"));
        }
        return exchange(HttpRequest.POST("/api/events", body).header("User-Agent", userAgent));
    }

    private void awaitLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!detector.isReady() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(detector.isReady()).isTrue();
    }

    private PrometheusText scrape() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/prometheus"), String.class);
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private Answer exchange(HttpRequest<?> request) {
        try {
            HttpResponse<Map<String, Object>> response = client.toBlocking().exchange(request, JSON, JSON);
            return new Answer(response.code(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(e.code(), e.getResponse().getBody(JSON).orElse(null));
        }
    }

    /** A status and its JSON body. */
    private record Answer(int code, Map<String, Object> body) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Answer response) {
        assertThat(response.code()).isEqualTo(200);
        return (Map<String, Object>) response.body().get("data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Answer health, String indicator) {
        Map<String, Object> details = (Map<String, Object>) health.body().get("details");
        assertThat(details).containsKey(indicator);
        return (Map<String, Object>) details.get(indicator);
    }
}
