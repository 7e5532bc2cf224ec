package dev.meridian.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.access.Secrets;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No key or token, nor its hash, ever appears in a log line: the whole server runs with every logger at TRACE
 * into a capturing appender while websites and keys are created, keys listed and revoked, and requests succeed
 * and fail in every way (unknown, wrong, malformed and revoked credentials; 400, 401, 403, 404, 500), and then
 * every captured message, argument, exception (with causes) and MDC value is searched for every secret.
 */
class CredentialLogHygieneTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> secrets = new LinkedHashSet<>();
    private String base;

    @Test
    void noCredentialOrItsHashIsEverLoggedEvenAtTrace() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        Map<String, Level> levels = new HashMap<>();
        for (Logger logger : logging.getLoggerList()) {
            levels.put(logger.getName(), logger.getLevel());
            if (logger != root) {
                logger.setLevel(null); // inherit TRACE from the root
            }
        }
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.TRACE);
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "memory",
                "meridian.data-dir", dataDir.toString(),
                "meridian.test-fault-route.enabled", "true"))) {
            base = "http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort();
            exerciseEverySuccessAndFailure(Files.readString(dataDir.resolve("admin-token")).strip());
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            levels.forEach((name, level) -> logging.getLogger(name).setLevel(level));
        }

        List<ILoggingEvent> events = new ArrayList<>(captured.list);
        assertThat(events).as("the server logged at TRACE while it ran").hasSizeGreaterThan(100)
                .anySatisfy(e -> assertThat(e.getLevel()).isIn(Level.DEBUG, Level.TRACE));
        assertThat(events).as("the unexpected failure was logged")
                .anySatisfy(e -> assertThat(text(e)).contains("an unexpected failure for the log hygiene test"));
        Set<String> forbidden = new LinkedHashSet<>();
        for (String secret : secrets) {
            forbidden.add(secret);
            forbidden.add(secret.substring(secret.indexOf('_') + 1)); // the random part alone
            forbidden.add(Secrets.hash(secret));
        }
        for (ILoggingEvent event : events) {
            String text = text(event);
            for (String secret : forbidden) {
                assertThat(text).as("%s %s logged a credential", event.getLevel(), event.getLoggerName())
                        .doesNotContain(secret);
            }
        }
    }

    private void exerciseEverySuccessAndFailure(String admin) throws Exception {
        secrets.add(admin);
        JsonNode site = send("POST", "/api/v1/admin/websites", admin, "{\"domain\":\"shop.example\"}", 200);
        String websiteId = site.get("data").get("websiteId").asText();
        JsonNode issued = send("POST", "/api/v1/admin/websites/" + websiteId + "/api-keys", admin, "", 200);
        String key = issued.get("data").get("key").asText();
        String keyId = issued.get("data").get("keyId").asText();
        JsonNode revokedIssue = send("POST", "/api/v1/admin/websites/" + websiteId + "/api-keys", admin, "{}", 200);
        String revoked = revokedIssue.get("data").get("key").asText();
        secrets.addAll(List.of(key, revoked));
        String wrongKey = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");
        String wrongToken = admin.substring(0, admin.length() - 1) + (admin.endsWith("0") ? "1" : "0");
        String unknownKey = Secrets.generate(Secrets.API_KEY_PREFIX);
        String unknownToken = Secrets.generate(Secrets.ACCOUNT_TOKEN_PREFIX);
        secrets.addAll(List.of(wrongKey, wrongToken, unknownKey, unknownToken));

        JsonNode issuedToken = send("POST", "/api/v1/admin/tokens", admin, "{\"permissions\":[\"analytics:read\"]}", 200);
        String reader = issuedToken.get("data").get("token").asText();
        secrets.add(reader);
        send("GET", "/api/v1/admin/tokens", admin, null, 200);
        send("GET", "/api/v1/analytics/realtime/map?websiteId=" + websiteId, reader, null, 200);
        send("POST", "/api/v1/admin/tokens", reader, "{\"permissions\":[\"*\"]}", 403);
        send("DELETE", "/api/v1/admin/tokens/" + issuedToken.get("data").get("tokenId").asText(), admin, null, 200);
        send("GET", "/api/v1/analytics/realtime/map?websiteId=" + websiteId, reader, null, 401);

        send("GET", "/api/v1/admin/websites/" + websiteId + "/api-keys", admin, null, 200);
        send("DELETE", "/api/v1/admin/websites/" + websiteId + "/api-keys/"
                + revokedIssue.get("data").get("keyId").asText(), admin, null, 200);
        String visitor = UUID.randomUUID().toString();
        send("POST", "/api/events", null, "{\"websiteId\":\"" + site.get("data").get("trackingId").asText()
                + "\",\"domain\":\"shop.example\",\"href\":\"https://shop.example/\",\"type\":\"pageview\","
                + "\"visitorId\":\"" + visitor + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}", 200);
        send("GET", "/api/v1/analytics/realtime/map", key, null, 200);
        send("GET", "/api/v1/analytics/realtime/map?websiteId=" + websiteId, admin, null, 200);
        send("POST", "/api/v1/goals", key, "{\"datafast_visitor_id\":\"" + visitor + "\",\"name\":\"signup\"}", 200);
        send("POST", "/api/v1/identify", key, "{\"datafast_visitor_id\":\"" + visitor + "\",\"user_id\":\"u1\"}", 200);
        send("POST", "/api/v1/payments", key, "{\"amount\":9,\"currency\":\"USD\",\"transaction_id\":\"t1\"}", 200);

        for (String refused : List.of(wrongKey, unknownKey, wrongToken, unknownToken, revoked, key + " " + key,
                "dft_" + key, "df_" + admin)) {
            send("GET", "/api/v1/analytics/realtime/map", refused, null, 401);
        }
        sendRaw("GET", "/api/v1/analytics/realtime/map", "Basic " + key, null, 401);
        sendRaw("GET", "/api/v1/analytics/realtime/map", key, null, 401);
        sendRaw("GET", "/api/v1/analytics/realtime/map", "Bearer", null, 401);
        send("GET", "/api/v1/analytics/realtime/map", admin, null, 400);
        send("POST", "/api/v1/payments", key, "{\"amount\":\"x\",\"transaction_id\":\"" + key + "\"}", 400);
        send("POST", "/api/v1/admin/websites", key, "{\"domain\":\"other.example\"}", 403);
        send("GET", "/api/v1/analytics/realtime/map?websiteId=ffffffffffffffffffffffff", admin, null, 404);
        send("DELETE", "/api/v1/admin/websites/" + websiteId + "/api-keys/000000000000000000000000", admin, null, 404);
        send("GET", "/api/v1/test-fault", key, null, 500);
        send("DELETE", "/api/v1/admin/websites/" + websiteId + "/api-keys/" + keyId, admin, null, 200);
        send("GET", "/api/v1/analytics/realtime/map", key, null, 401);
    }

    private JsonNode send(String method, String path, String credential, String body, int expected) throws Exception {
        return sendRaw(method, path, credential == null ? null : "Bearer " + credential, body, expected);
    }

    private JsonNode sendRaw(String method, String path, String authorization, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        for (String secret : secrets) {
            boolean issuing = method.equals("POST") && (path.contains("/api-keys") || path.equals("/api/v1/admin/tokens"));
            if (!issuing) {
                assertThat(response.body()).as("answer of %s %s", method, path).doesNotContain(secret);
            }
        }
        return JSON.readTree(response.body());
    }

    /** Everything of an event that could reach a log file. */
    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder();
        text.append(event.getMessage()).append('\n').append(event.getFormattedMessage()).append('\n');
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(argument).append('\n');
            }
        }
        event.getMDCPropertyMap().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                text.append(frame.getSTEAsString()).append('\n');
            }
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                text.append(suppressed.getClassName()).append(": ").append(suppressed.getMessage()).append('\n');
            }
        }
        return text.toString();
    }
}
