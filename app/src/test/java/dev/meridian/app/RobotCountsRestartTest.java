package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Robot requests are listed with their website at once, and on PostgreSQL survive a restart: the server stores the
 * counts not stored yet when it shuts down (here the periodic flush is an hour away, so only the shutdown stores them).
 */
class RobotCountsRestartTest {

    private static final String ADMIN = "dft_" + "9".repeat(40);
    private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void robotsCountedBeforeAShutdownAreListedAfterTheRestart() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0)) {
            String websiteId;
            try (ApplicationContext context = server(database, true)) {
                URI base = base(context);
                JsonNode site = JSON.readTree(send(base, "/api/v1/admin/websites", ADMIN, "{\"domain\":\"shop.example\"}",
                        null).body()).get("data");
                websiteId = site.get("websiteId").asText();
                String robot = "{\"websiteId\":\"" + site.get("trackingId").asText() + "\",\"domain\":\"shop.example\","
                        + "\"href\":\"https://shop.example/\",\"type\":\"pageview\",\"visitorId\":\"" + UUID.randomUUID()
                        + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}";
                HttpResponse<String> answer = send(base, "/api/events", null, robot, GOOGLEBOT);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).get("data").hasNonNull("eventId")).as("not stored").isFalse();

                assertThat(robotsListed(base, websiteId).get("total").asLong()).as("listed before any flush").isEqualTo(1);
            }

            try (ApplicationContext restarted = server(database, false)) {
                JsonNode robots = robotsListed(base(restarted), websiteId);
                assertThat(robots.get("total").asLong()).as("stored at shutdown").isEqualTo(1);
            }
        }
    }

    private ApplicationContext server(EmbeddedDatabase database, boolean enrichment) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("meridian.storage", "postgres");
        properties.put("meridian.db.url", database.jdbcUrl());
        properties.put("meridian.db.user", database.user());
        properties.put("meridian.db.password", database.password());
        properties.put("meridian.admin-token", ADMIN);
        properties.put("meridian.data-dir", dataDir.toString());
        properties.put("meridian.enrichment.enabled", Boolean.toString(enrichment)); // the restart only reads
        properties.put("meridian.robots.flush-interval", "1h");
        return ApplicationContext.run(properties);
    }

    private static URI base(ApplicationContext context) {
        return URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
    }

    private JsonNode robotsListed(URI base, String websiteId) throws Exception {
        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/admin/websites"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return StreamSupport.stream(JSON.readTree(listing.body()).get("data").spliterator(), false)
                .filter(website -> website.get("websiteId").asText().equals(websiteId))
                .findFirst().orElseThrow().get("robots");
    }

    private HttpResponse<String> send(URI base, String path, String token, String body, String userAgent)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
