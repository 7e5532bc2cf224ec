package dev.meridian.app.hardening;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that turns read-only under the running server (as a full disk or a failed-over replica does) makes
 * every write answer 503 with {@code Retry-After} and the error envelope, never 500, and writes succeed again as
 * soon as it is writable. (Disk full, SQLSTATE 53100, takes the same path: StorageOutageTest checks the mapping.)
 */
class ReadOnlyDatabaseTest {

    private static final String ADMIN = "dft_" + "7".repeat(40);
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void writesToAReadOnlyDatabaseAre503WithRetryAfterAndRecover() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
                ApplicationContext context = ApplicationContext.run(Map.of(
                        "micronaut.server.port", "-1",
                        "meridian.storage", "postgres",
                        "meridian.db.url", database.jdbcUrl(),
                        "meridian.db.user", database.user(), "meridian.db.password", database.password(),
                        "meridian.admin-token", ADMIN,
                        "meridian.data-dir", dataDir.toString(),
                        "meridian.enrichment.enabled", "false"))) {
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            JsonNode site = JSON.readTree(post(base, "/api/v1/admin/websites", ADMIN, "{\"domain\":\"shop.example\"}")
                    .body()).get("data");
            String key = JSON.readTree(post(base, "/api/v1/admin/websites/" + site.get("websiteId").asText()
                    + "/api-keys", ADMIN, "").body()).get("data").get("key").asText();
            String pageview = "{\"websiteId\":\"" + site.get("trackingId").asText() + "\",\"domain\":\"shop.example\","
                    + "\"href\":\"https://shop.example/\",\"type\":\"pageview\",\"visitorId\":\"" + UUID.randomUUID()
                    + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}";

            readOnly(database, true);
            try {
                assertUnavailable(post(base, "/api/events", null, pageview));
                assertUnavailable(post(base, "/api/v1/payments", key,
                        "{\"amount\":9,\"currency\":\"USD\",\"transaction_id\":\"tx-ro\"}"));
                assertUnavailable(post(base, "/api/v1/admin/websites", ADMIN, "{\"domain\":\"other.example\"}"));
                assertUnavailable(post(base, "/api/v1/admin/websites/" + site.get("websiteId").asText()
                        + "/api-keys", ADMIN, ""));
            } finally {
                readOnly(database, false);
            }

            assertThat(post(base, "/api/events", null, pageview).statusCode()).isEqualTo(200);
            assertThat(post(base, "/api/v1/payments", key,
                    "{\"amount\":9,\"currency\":\"USD\",\"transaction_id\":\"tx-ro\"}").statusCode()).isEqualTo(200);
        }
    }

    private static void readOnly(EmbeddedDatabase database, boolean on) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute(on ? "alter system set default_transaction_read_only = on"
                    : "alter system reset default_transaction_read_only");
            s.execute("select pg_reload_conf()");
        }
        Thread.sleep(300); // backends apply the reloaded configuration between statements
    }

    private static void assertUnavailable(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("error").get("code").asInt()).isEqualTo(503);
    }

    private HttpResponse<String> post(URI base, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("User-Agent", BROWSER)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
