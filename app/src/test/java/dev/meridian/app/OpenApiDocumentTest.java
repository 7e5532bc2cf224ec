package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /openapi.yml} against the real server: every route of Micronaut's router is in the document, and real
 * answers of every route (a success, and an error envelope wherever the route can refuse) validate against it, as do
 * the requests that succeeded. A new route, or a changed answer, fails here until the document says so: annotate the
 * controller, or complete {@code adapter-http/src/main/openapi/meridian.yml}, and add the route's calls below.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = OpenApiDocumentTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/openapi-data")
@Property(name = "meridian.metrics.token", value = OpenApiDocumentTest.METRICS_TOKEN)
@Property(name = "meridian.test.openapi-parser", value = "true")
@Property(name = ListenWhileTheParserLoads.PROPERTY, value = "true")
class OpenApiDocumentTest {

    static final String ADMIN = "dft_0123456789abcdef0123456789abcdef";
    static final String METRICS_TOKEN = "metrics-0123456789abcdef";
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/126.0 Safari/537.36";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Routes that cannot answer an error to a well-formed request (static files, liveness). */
    private static final Set<String> NO_ERROR_TO_PROVOKE = Set.of("GET /js/script.js", "GET /map", "GET /openapi.yml",
            "GET /health");

    private static final CountDownLatch parserMayLoad = new CountDownLatch(1);

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    private final HttpClient http = HttpClient.newHttpClient();
    private OpenApiInteractionValidator validator;
    private JsonNode document;
    private final Map<String, Set<String>> checked = new TreeMap<>(); // "METHOD /template" -> {"success", "error"}

    /** A parser that loads when the test says, so readiness can be seen DOWN (503) and UP. */
    @Factory
    @Requires(property = "meridian.test.openapi-parser", value = "true")
    static class ParserLoadedOnDemand {
        @Singleton
        @Replaces(DeviceDetector.class)
        DeviceDetector parser() {
            return BackgroundLoadedDeviceDetector.startNow(() -> {
                try {
                    parserMayLoad.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return userAgent -> new ClientDevice(SystemInfo.UNKNOWN, false);
            });
        }
    }

    @Test
    void everyRouteIsDocumentedAndItsRealAnswersMatchTheDocument() throws Exception {
        Answer yaml = call("GET", "/openapi.yml", null, null, null);
        assertThat(yaml.status).isEqualTo(200);
        assertThat(yaml.contentType).startsWith("application/yaml");
        assertThat(yaml.body).startsWith("openapi: 3.");
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml.body).build();
        document = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml.body);

        Set<String> routes = routes();
        Set<String> undocumented = routes.stream().filter(r -> !documented(r)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(undocumented).as("routes missing from /openapi.yml").isEmpty();

        exerciseEveryRoute();

        for (String route : routes) {
            assertThat(checked.getOrDefault(route, Set.of())).as("real answers of " + route + " checked").contains("success");
            if (!NO_ERROR_TO_PROVOKE.contains(route)) {
                assertThat(checked.get(route)).as("an error answer of " + route + " checked").contains("error");
            }
        }
    }

    private void exerciseEveryRoute() throws Exception {
        String websites = "/api/v1/admin/websites";
        // operations: readiness DOWN while the parser loads, then UP
        check("GET /health/{selector}", call("GET", "/health/readiness", null, null, null), 503);
        parserMayLoad.countDown();
        for (int i = 0; i < 500 && call("GET", "/health/readiness", null, null, null).status != 200; i++) {
            Thread.sleep(10);
        }
        check("GET /health/{selector}", call("GET", "/health/readiness", null, null, null), 200);
        check("GET /health", call("GET", "/health", null, null, null), 200);
        check("GET /prometheus", call("GET", "/prometheus", null, null, null), 401);
        check("GET /prometheus", call("GET", "/prometheus", METRICS_TOKEN, null, null), 200);
        check("GET /openapi.yml", call("GET", "/openapi.yml", null, null, null), 200);

        // websites and keys
        check("POST " + websites, call("POST", websites, "dft_unknown", "application/json", "{\"domain\":\"x.example\"}"), 401);
        Answer created = check("POST " + websites, call("POST", websites, ADMIN, "application/json",
                "{\"domain\":\"openapi.example\",\"name\":\"OpenAPI\"}"), 200);
        JsonNode website = JSON.readTree(created.body).get("data");
        String websiteId = website.get("websiteId").asText();
        check("GET " + websites, call("GET", websites, null, null, null), 401);
        check("GET " + websites, call("GET", websites, ADMIN, null, null), 200);
        String keys = websites + "/{websiteId}/api-keys";
        check("POST " + keys, call("POST", websites + "/ffffffffffffffffffffffff/api-keys", ADMIN, "application/json", ""), 404);
        Answer issued = check("POST " + keys, call("POST", websites + "/" + websiteId + "/api-keys", ADMIN,
                "application/json", ""), 200);
        String key = JSON.readTree(issued.body).get("data").get("key").asText();
        check("GET " + keys, call("GET", websites + "/ffffffffffffffffffffffff/api-keys", ADMIN, null, null), 404);
        check("GET " + keys, call("GET", websites + "/" + websiteId + "/api-keys", ADMIN, null, null), 200);
        String spare = JSON.readTree(call("POST", websites + "/" + websiteId + "/api-keys", ADMIN, "application/json", "")
                .body).get("data").get("keyId").asText();
        check("DELETE " + keys + "/{keyId}", call("DELETE", websites + "/" + websiteId + "/api-keys/" + spare, key, null,
                null), 403);
        check("DELETE " + keys + "/{keyId}", call("DELETE", websites + "/" + websiteId + "/api-keys/" + spare, ADMIN, null,
                null), 200);

        // account tokens
        String tokens = "/api/v1/admin/tokens";
        check("GET " + tokens, call("GET", tokens, null, null, null), 401);
        check("GET " + tokens, call("GET", tokens, ADMIN, null, null), 200);
        check("POST " + tokens, call("POST", tokens, ADMIN, "application/json", "{\"permissions\":[\"no:such\"]}"), 400);
        Answer token = check("POST " + tokens, call("POST", tokens, ADMIN, "application/json",
                "{\"permissions\":[\"analytics:read\"],\"websiteIds\":[\"" + websiteId + "\"]}"), 200);
        String tokenId = JSON.readTree(token.body).get("data").get("tokenId").asText();
        check("DELETE " + tokens + "/{tokenId}", call("DELETE", tokens + "/ffffffffffffffffffffffff", ADMIN, null, null),
                404);
        check("DELETE " + tokens + "/{tokenId}", call("DELETE", tokens + "/" + tokenId, ADMIN, null, null), 200);

        // tracking, then everything that reads or adds to it
        String visitor = UUID.randomUUID().toString();
        String event = "{\"websiteId\":\"" + website.get("trackingId").asText() + "\",\"domain\":\"openapi.example\","
                + "\"href\":\"https://openapi.example/pricing?utm_source=news\",\"referrer\":null,\"type\":\"pageview\","
                + "\"visitorId\":\"" + visitor + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}";
        check("POST /api/events", call("POST", "/api/events", null, "application/json", event), 200);
        check("POST /api/events", call("POST", "/api/events", null, "application/json",
                event.replace("https://openapi.example/pricing", "ftp://openapi.example/")), 400);
        check("POST /api/events", call("POST", "/api/events", null, "application/json", "{\"websiteId\":"), 400);
        check("POST /api/v1/goals", call("POST", "/api/v1/goals", key, "application/json",
                "{\"datafast_visitor_id\":\"" + visitor + "\",\"name\":\"signup\",\"metadata\":{\"plan\":\"pro\"}}"), 200);
        check("POST /api/v1/goals", call("POST", "/api/v1/goals", key, "application/json",
                "{\"datafast_visitor_id\":\"" + UUID.randomUUID() + "\",\"name\":\"signup\"}"), 404);
        check("POST /api/v1/identify", call("POST", "/api/v1/identify", key, "application/json",
                "{\"datafast_visitor_id\":\"" + visitor + "\",\"user_id\":\"u-1\",\"name\":\"Ada\"}"), 200);
        check("POST /api/v1/identify", call("POST", "/api/v1/identify", key, "application/json", "[1]"), 400);
        check("POST /api/v1/payments", call("POST", "/api/v1/payments", key, "application/json",
                "{\"amount\":29.5,\"currency\":\"USD\",\"transaction_id\":\"tx-1\",\"datafast_visitor_id\":\"" + visitor
                        + "\",\"email\":\"ada@example.com\"}"), 200);
        check("POST /api/v1/payments", call("POST", "/api/v1/payments", key, "application/json",
                "{\"amount\":\"NaN\",\"currency\":\"USD\",\"transaction_id\":\"tx-2\"}"), 400);
        String lines = "{\"type\":\"pageview\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"visitorId\":\""
                + UUID.randomUUID() + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\",\"href\":\"https://openapi.example/\","
                + "\"countryCode\":\"US\",\"browser\":\"Chrome\",\"os\":\"Mac OS\",\"device\":\"desktop\"}\n{\"type\":1}\n";
        check("POST /api/v1/import", call("POST", "/api/v1/import", key, "application/x-ndjson", lines), 200);
        check("POST /api/v1/import", call("POST", "/api/v1/import", ADMIN, "application/x-ndjson", lines), 400);
        check("GET /api/v1/analytics/realtime/map", call("GET", "/api/v1/analytics/realtime/map", key, null, null), 200);
        check("GET /api/v1/analytics/realtime/map", call("GET", "/api/v1/analytics/realtime/map?websiteId=" + websiteId,
                ADMIN, null, null), 200);
        check("GET /api/v1/analytics/realtime/map", call("GET", "/api/v1/analytics/realtime/map", null, null, null), 401);
        check("GET /api/v1/visitors/{visitorId}", call("GET", "/api/v1/visitors/" + visitor, key, null, null), 200);
        check("GET /api/v1/visitors/{visitorId}", call("GET", "/api/v1/visitors/" + UUID.randomUUID(), key, null, null),
                404);
        check("GET /api/v1/visitors/{visitorId}", call("GET", "/api/v1/visitors/not-a-uuid", key, null, null), 400);
        check("GET /api/v1/visitors", call("GET", "/api/v1/visitors?limit=10&country=US,FR", key, null, null), 200);
        check("GET /api/v1/visitors", call("GET", "/api/v1/visitors?websiteId=" + websiteId, ADMIN, null, null), 200);
        check("GET /api/v1/visitors", call("GET", "/api/v1/visitors?limit=0", key, null, null), 400);
        check("GET /api/v1/analytics/realtime/stream", firstFrame(key), 200);
        check("GET /api/v1/analytics/realtime/stream", call("GET", "/api/v1/analytics/realtime/stream", "df_wrong", null,
                null), 401);

        // the tracker and the live map page
        check("GET /js/script.js", call("GET", "/js/script.js", null, null, null), 200);
        check("GET /map", call("GET", "/map", null, null, null), 200);
        check("GET /map/{file}", call("GET", "/map/map.js", null, null, null), 200);
        check("GET /map/{file}", call("GET", "/map/countries-110m.json", null, null, null), 200);
        check("GET /map/{file}", call("GET", "/map/no-such-file.js", null, null, null), 404);
    }

    /** Validates the answer (and, when it succeeded, the request) against the document, and records the route. */
    private Answer check(String route, Answer answer, int expectedStatus) {
        assertThat(answer.status).as(route + " " + answer.path() + ": " + answer.body).isEqualTo(expectedStatus);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status).withBody(answer.body);
        if (answer.contentType != null) {
            response.withContentType(answer.contentType);
        }
        ValidationReport report = validator.validateResponse(answer.path(), answer.method, response.build());
        if (answer.status < 300) {
            report = report.merge(validator.validateRequest(answer.request()));
        }
        assertThat(report.getMessages()).as(route + " " + answer.status + " against /openapi.yml").isEmpty();
        checked.computeIfAbsent(route, r -> new TreeSet<>()).add(answer.status < 300 ? "success" : "error");
        return answer;
    }

    /** Every route but the HEAD twin Micronaut adds to each GET route (the GET's answer without its body). */
    private Set<String> routes() {
        return router.uriRoutes()
                .filter(route -> !route.getHttpMethodName().equals("HEAD"))
                .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean documented(String route) {
        String[] methodAndPath = route.split(" ", 2);
        JsonNode path = document.path("paths").path(methodAndPath[1]);
        return path.has(methodAndPath[0].toLowerCase(java.util.Locale.ROOT));
    }

    private Answer call(String method, String pathAndQuery, String token, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("User-Agent", BROWSER);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(Request.Method.valueOf(method), pathAndQuery, token, contentType, body, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    /** The stream's first frame: an event stream does not end, so the answer is what came before closing it. */
    private Answer firstFrame(String key) throws IOException, InterruptedException {
        String path = "/api/v1/analytics/realtime/stream";
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base().resolve(path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder frame = new StringBuilder();
        try (InputStream in = response.body()) {
            int c;
            while ((c = in.read()) >= 0 && !(frame.length() > 0 && frame.toString().endsWith("\n\n"))) {
                frame.append((char) c);
            }
        }
        assertThat(frame.toString()).startsWith("event: map\ndata: {");
        return new Answer(Request.Method.GET, path, key, null, null, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), frame.toString());
    }

    private URI base() {
        return URI.create("http://localhost:" + server.getPort());
    }

    private record Answer(Request.Method method, String pathAndQuery, String token, String requestContentType,
                          String requestBody, int status, String contentType, String body) {

        String path() {
            int query = pathAndQuery.indexOf('?');
            return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        }

        Request request() {
            SimpleRequest.Builder request = new SimpleRequest.Builder(method, path());
            int query = pathAndQuery.indexOf('?');
            if (query >= 0) {
                for (String pair : pathAndQuery.substring(query + 1).split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    request.withQueryParam(nameValue[0], List.of(nameValue.length > 1 ? nameValue[1] : ""));
                }
            }
            if (token != null) {
                request.withAuthorization("Bearer " + token);
            }
            if (requestContentType != null) {
                request.withContentType(requestContentType);
            }
            if (requestBody != null && !requestBody.isEmpty()) {
                request.withBody(requestBody);
            }
            return request.build();
        }
    }
}
