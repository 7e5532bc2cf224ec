package dev.meridian.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.postgres.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server on PostgreSQL with a small main pool (3 connections, 1 group-commit writer): while two slow
 * uploads hold their import places and their connections (each import's transaction waits on a visitor row this
 * test has locked), a second import of the same website and a third import are refused with 429, and tracking
 * still answers 200 at once. Before imports had a cap and a pool of their own, the third import took the main
 * pool's last connection and tracking timed out into 503s.
 */
class ImportIsolationTest {

    private static final String ADMIN = "dft_" + "8".repeat(40);
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private URI base;

    /** A website, a key for it and one visitor tracked on it. */
    private record Site(String id, String trackingId, String key, String visitor, String domain) {
    }

    @Test
    void slowImportsHoldTheirPlacesAndTheirOwnConnectionsWhileTrackingIsServed() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
                ApplicationContext context = ApplicationContext.run(Map.ofEntries(
                        Map.entry("micronaut.server.port", "-1"),
                        Map.entry("meridian.storage", "postgres"),
                        Map.entry("meridian.db.url", database.jdbcUrl()),
                        Map.entry("meridian.db.user", database.user()),
                        Map.entry("meridian.db.password", database.password()),
                        Map.entry("meridian.db.pool-size", "3"),
                        Map.entry("meridian.db.writer-threads", "1"),
                        Map.entry("meridian.db.import-pool-size", "2"),
                        Map.entry("meridian.import.writers", "1"),
                        Map.entry("meridian.import.batch-size", "1"),
                        Map.entry("meridian.admin-token", ADMIN),
                        Map.entry("meridian.data-dir", dataDir.toString()),
                        Map.entry("meridian.enrichment.enabled", "false")))) {
            base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            Site a = site("a.example");
            Site b = site("b.example");
            Site c = site("c.example");

            try (Connection locker = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
                locker.setAutoCommit(false);
                lock(locker, a);
                lock(locker, b);
                try (SlowUpload first = new SlowUpload(a); SlowUpload second = new SlowUpload(b)) {
                    awaitImportsWaitingOnALock(database, 2);

                    assertRefused(importNow(a), "at most 1 per website");
                    assertRefused(importNow(c), "at most 2 run at once");
                    for (int i = 0; i < 20; i++) {
                        long started = System.nanoTime();
                        assertThat(pageview(c, UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
                        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("tracking waited for no connection")
                                .isLessThan(Duration.ofSeconds(2));
                    }

                    locker.rollback();
                    assertThat(first.finish()).isEqualTo(200);
                    assertThat(second.finish()).isEqualTo(200);
                }
            }
            assertThat(importNow(a).statusCode()).isEqualTo(200);
        }
    }

    private Site site(String domain) throws Exception {
        JsonNode website = JSON.readTree(post("/api/v1/admin/websites", ADMIN, "application/json",
                "{\"domain\":\"" + domain + "\"}").body()).get("data");
        String id = website.get("websiteId").asText();
        String key = JSON.readTree(post("/api/v1/admin/websites/" + id + "/api-keys", ADMIN, "application/json", "")
                .body()).get("data").get("key").asText();
        Site site = new Site(id, website.get("trackingId").asText(), key, UUID.randomUUID().toString(), domain);
        assertThat(pageview(site, site.visitor()).statusCode()).isEqualTo(200);
        return site;
    }

    private HttpResponse<String> pageview(Site site, String visitor) throws Exception {
        return post("/api/events", null, "application/json", "{\"websiteId\":\"" + site.trackingId() + "\",\"domain\":\""
                + site.domain() + "\",\"href\":\"https://" + site.domain() + "/\",\"type\":\"pageview\",\"visitorId\":\""
                + visitor + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}");
    }

    private static void lock(Connection locker, Site site) throws Exception {
        try (PreparedStatement lock = locker.prepareStatement(
                "select 1 from visitors where website_id = ? and visitor_id = ? for update")) {
            lock.setString(1, site.id());
            lock.setString(2, site.visitor());
            try (ResultSet rows = lock.executeQuery()) {
                assertThat(rows.next()).as("the tracked visitor's row").isTrue();
            }
        }
    }

    private static String line(Site site, int n) {
        return "{\"type\":\"pageview\",\"timestamp\":\"2026-01-10T09:00:0" + n + ".000Z\",\"visitorId\":\""
                + site.visitor() + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\",\"href\":\"https://"
                + site.domain() + "/imported\",\"countryCode\":\"DE\"}\n";
    }

    private HttpResponse<String> importNow(Site site) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/import")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + site.key()).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(line(site, 9))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String cap) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("error").get("code").asInt()).isEqualTo(429);
        assertThat(body.get("error").get("message").asText()).contains(cap);
    }

    private HttpResponse<String> post(String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).header("User-Agent", BROWSER)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Until {@code count} connections of the import pool wait for a row lock. */
    private static void awaitImportsWaitingOnALock(EmbeddedDatabase database, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int waiting = 0;
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                Statement s = c.createStatement()) {
            while (waiting < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
                try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and application_name like 'meridian%'")) {
                    rs.next();
                    waiting = rs.getInt(1);
                }
            }
        }
        assertThat(waiting).as("imports waiting on the locked visitors").isGreaterThanOrEqualTo(count);
    }

    /** An import uploaded slowly (chunked, on a socket of its own): its first line now, the rest at the end. */
    private final class SlowUpload implements AutoCloseable {
        private final Socket socket;
        private final OutputStream body;
        private final Site site;

        SlowUpload(Site site) throws IOException {
            this.site = site;
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(30_000);
            body = socket.getOutputStream();
            body.write(("POST /api/v1/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + site.key()
                    + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            chunk(line(site, 1));
        }

        private void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            body.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.write(bytes);
            body.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            body.flush();
        }

        int finish() throws IOException {
            chunk(line(site, 2));
            body.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            body.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
