package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.postgres.PostgresStorage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 13 items 1, 2, 3 and 9 against the real server on its real storage, the embedded PostgreSQL:
 * each answer is checked over HTTP and what PostgreSQL holds afterwards with SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeRulesOnPostgresTest {

    private static final String ADMIN = "dft_" + "e".repeat(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationContext context;
    private URI base;
    private String websiteId;
    private String trackingId;
    private String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "postgres",
                "meridian.admin-token", ADMIN,
                "meridian.data-dir", dataDir.toString(),
                "meridian.enrichment.enabled", "false",
                "meridian.rate-limit.events.requests", "0",
                "meridian.rate-limit.api.requests", "0"));
        base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
        JsonNode site = JSON.readTree(post("/api/v1/admin/websites", ADMIN, "application/json",
                "{\"domain\":\"example.com\"}").body()).get("data");
        websiteId = site.get("websiteId").asText();
        trackingId = site.get("trackingId").asText();
        key = JSON.readTree(post("/api/v1/admin/websites/" + websiteId + "/api-keys", ADMIN, "application/json", "")
                .body()).get("data").get("key").asText();
    }

    @AfterAll
    void stop() {
        context.close();
    }

    private HttpResponse<String> post(String path, String bearer, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String event(String visitor, String href, String referrer, String type, String extraData) {
        return "{\"websiteId\":\"" + trackingId + "\",\"domain\":\"example.com\",\"href\":\"" + href + "\","
                + (referrer == null ? "" : "\"referrer\":\"" + referrer + "\",") + "\"type\":\"" + type + "\","
                + "\"visitorId\":\"" + visitor + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\""
                + (extraData == null ? "" : ",\"extraData\":" + extraData) + "}";
    }

    private String sql(String query, String parameter) throws Exception {
        try (Connection c = context.getBean(PostgresStorage.class).dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getObject(1)) : "no row";
            }
        }
    }

    @Test
    void item1APercentEncodedNulInTheHrefIsStoredWithoutTheParameterInsteadOfFailingTheBatch() throws Exception {
        String visitor = UUID.randomUUID().toString();

        HttpResponse<String> answer = post("/api/events", null, "application/json",
                event(visitor, "https://example.com/?utm_source=%00x", null, "pageview", null));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(sql("select coalesce(utm_source, 'none') || ' ' || current_url from visitors where visitor_id = ?",
                visitor)).isEqualTo("none /?utm_source=%00x");
    }

    @Test
    void item2AnExponentAmountIsRefusedAt400AsAStringAndAsAJsonNumber() throws Exception {
        for (String amount : new String[] {"\"1E-500000000\"", "1E-500000000", "1e400", "\"1e3\""}) {
            long started = System.nanoTime();
            HttpResponse<String> answer = post("/api/v1/payments", key, "application/json",
                    "{\"amount\":" + amount + ",\"currency\":\"USD\",\"transaction_id\":\"tx-" + amount.hashCode() + "\"}");

            assertThat(answer.statusCode()).as(amount + ": " + answer.body()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").get("message").asText()).startsWith("amount must be");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not hanging").isLessThan(
                    Duration.ofSeconds(10));
            assertThat(sql("select count(*) from payments where transaction_id = ?", "tx-" + amount.hashCode()))
                    .isEqualTo("0");
        }
    }

    @Test
    void item3AnImportLineIsRefusedWhereTheApiRefusesAndABlankEmailIsNoEmail() throws Exception {
        String visitor = UUID.randomUUID().toString();
        String lines = String.join("\n",
                "{\"type\":\"payment\",\"amount\":\"10\",\"currency\":\"ABC\",\"transaction_id\":\"imp-1\"}",
                "{\"type\":\"payment\",\"amount\":\"1E-500000000\",\"currency\":\"USD\",\"transaction_id\":\"imp-2\"}",
                "{\"type\":\"payment\",\"amount\":5000000000000,\"currency\":\"USD\",\"transaction_id\":\"imp-3\"}",
                "{\"type\":\"pageview\",\"timestamp\":\"1900-01-01T00:00:00Z\",\"visitorId\":\"" + visitor + "\","
                        + "\"sessionId\":\"s" + UUID.randomUUID() + "\",\"href\":\"https://example.com/\"}",
                "{\"type\":\"payment\",\"amount\":\"10\",\"currency\":\"USD\",\"transaction_id\":\"imp-5\",\"email\":\"  \"}");

        JsonNode report = JSON.readTree(post("/api/v1/import", key, "application/x-ndjson", lines).body()).get("data");

        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("rejections").toString()).contains(
                "{\"line\":1,\"reason\":\"currency must be an ISO 4217 code such as USD, got 'ABC'\"}",
                "{\"line\":2,\"reason\":\"amount must be a decimal number", "{\"line\":3,\"reason\":\"amount must be",
                "{\"line\":4,\"reason\":\"timestamp lies before 2000-01-01\"}");
        assertThat(sql("select coalesce(email, 'null') from payments where transaction_id = ?", "imp-5"))
                .isEqualTo("null");
        assertThat(sql("select count(*) from events where visitor_id = ?", visitor)).isEqualTo("0");
    }

    @Test
    void item9ANonHttpReferrerIsNotStoredAndANonHttpLinkIsRefused() throws Exception {
        String visitor = UUID.randomUUID().toString();

        HttpResponse<String> pageview = post("/api/events", null, "application/json",
                event(visitor, "https://example.com/", "javascript://news.example/%0Aalert(1)", "pageview", null));
        HttpResponse<String> link = post("/api/events", null, "application/json",
                event(visitor, "https://example.com/", null, "external_link",
                        "{\"url\":\"javascript:alert(1)\",\"text\":\"x\"}"));

        assertThat(pageview.statusCode()).isEqualTo(200);
        assertThat(sql("select coalesce(session_referrer, 'none') from visitors where visitor_id = ?", visitor))
                .isEqualTo("none");
        assertThat(sql("select count(*) from events where visitor_id = ? and referrer is not null", visitor))
                .isEqualTo("0");
        assertThat(link.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(link.body()).get("error").get("message").asText())
                .isEqualTo("extraData.url must be an http or https URL");
        assertThat(sql("select count(*) from events where visitor_id = ? and type = 'external_link'", visitor))
                .isEqualTo("0");
    }
}
