package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.app.metrics.PrometheusText;
import dev.meridian.postgres.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness and metrics of the server on PostgreSQL: the storage check, group commit and the connection pool. */
class PostgresOperationsTest {

    private static final String ADMIN = "dft_" + "7".repeat(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void groupCommitAndPoolMetricsAreScrapedAndReadinessFollowsTheDatabase() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
        try (ApplicationContext context = server(database)) {
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());

            HttpResponse<String> ready = send(base, "GET", "/health/readiness", null, null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode storage = JSON.readTree(ready.body()).get("details").get("storage");
            assertThat(storage.get("status").asText()).isEqualTo("UP");
            assertThat(storage.get("details").get("state").asText()).contains("migrations applied");

            JsonNode site = JSON.readTree(send(base, "POST", "/api/v1/admin/websites", ADMIN,
                    "{\"domain\":\"pg.example\"}").body()).get("data");
            for (int i = 0; i < 3; i++) {
                String event = "{\"websiteId\":\"" + site.get("trackingId").asText() + "\",\"domain\":\"pg.example\","
                        + "\"href\":\"https://pg.example/" + i + "\",\"type\":\"pageview\",\"visitorId\":\""
                        + UUID.randomUUID() + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}";
                assertThat(send(base, "POST", "/api/events", null, event).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> scrape = send(base, "GET", "/prometheus", null, null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            PrometheusText metrics = PrometheusText.parse(scrape.body());
            assertThat(metrics.value("meridian_events_tracked_total", "type", "pageview", "outcome", "stored"))
                    .isEqualTo(3);
            assertThat(metrics.value("meridian_group_commit_batch_size_events_sum")).isEqualTo(3);
            assertThat(metrics.value("meridian_group_commit_batch_size_events_count")).isBetween(1.0, 3.0);
            assertThat(metrics.value("meridian_group_commit_wait_seconds_count")).isEqualTo(3);
            assertThat(metrics.value("meridian_group_commit_wait_seconds_sum")).isPositive();
            assertThat(metrics.sum("meridian_group_commit_wait_seconds_bucket", "le", "+Inf")).isEqualTo(3);
            assertThat(metrics.has("meridian_group_commit_queue_events")).isTrue();
            assertThat(metrics.value("hikaricp_connections_max", "pool", "meridian")).isEqualTo(16);
            assertThat(metrics.has("hikaricp_connections_active")).isTrue();

            database.close(); // the database goes away under the running server
            HttpResponse<String> gone = send(base, "GET", "/health/readiness", null, null);
            assertThat(gone.statusCode()).isEqualTo(503);
            JsonNode down = JSON.readTree(gone.body()).get("details").get("storage");
            assertThat(down.get("status").asText()).isEqualTo("DOWN");
            assertThat(down.get("details").get("state").asText()).isEqualTo("database does not answer");
            assertThat(send(base, "GET", "/health", null, null).statusCode()).as("still alive").isEqualTo(200);
        } finally {
            database.close();
        }
    }

    private ApplicationContext server(EmbeddedDatabase database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("meridian.storage", "postgres");
        properties.put("meridian.db.url", database.jdbcUrl());
        properties.put("meridian.db.user", database.user());
        properties.put("meridian.db.password", database.password());
        properties.put("meridian.admin-token", ADMIN);
        properties.put("meridian.data-dir", dataDir.toString());
        properties.put("meridian.enrichment.enabled", "false");
        return ApplicationContext.run(properties);
    }

    private HttpResponse<String> send(URI base, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
