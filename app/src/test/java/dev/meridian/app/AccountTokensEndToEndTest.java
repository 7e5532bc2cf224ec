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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account tokens over HTTP on the whole server and PostgreSQL: issued (shown once), listed (never the token),
 * revoked (refused from the very next request: no cache holds it), the last token with {@code *} on every website
 * not revoked (409); and a changed {@code MERIDIAN_ADMIN_TOKEN} revokes the one it replaced at the next start, while
 * issued tokens keep working.
 */
class AccountTokensEndToEndTest {

    private static final String ADMIN = "dft_" + "1".repeat(40);
    private static final String CHANGED = "dft_" + "2".repeat(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tokensAreIssuedListedAndRevokedOverHttpAndAChangedAdminTokenRevokesTheOldOneAtTheNextStart() throws Exception {
        String kept;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0)) {
            try (ApplicationContext server = server(database, ADMIN)) {
                URI base = base(server);
                String site = data(send(base, "POST", "/api/v1/admin/websites", ADMIN, "{\"domain\":\"shop.example\"}"))
                        .get("websiteId").asText();

                HttpResponse<String> issued = send(base, "POST", "/api/v1/admin/tokens", ADMIN,
                        "{\"permissions\":[\"websites:read\"],\"websiteIds\":[\"" + site + "\"]}");
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
                String reader = data(issued).get("token").asText();
                String readerId = data(issued).get("tokenId").asText();
                assertThat(data(issued).get("prefix").asText()).isEqualTo(reader.substring(0, 9));
                assertThat(send(base, "GET", "/api/v1/admin/websites", reader, null).statusCode()).isEqualTo(200);

                HttpResponse<String> listed = send(base, "GET", "/api/v1/admin/tokens", ADMIN, null);
                assertThat(listed.body()).doesNotContain(reader).doesNotContain(ADMIN);
                List<String> adminIds = new ArrayList<>();
                for (JsonNode token : data(listed)) {
                    assertThat(token.has("token")).isFalse();
                    if (token.get("adminToken").asBoolean()) {
                        adminIds.add(token.get("tokenId").asText());
                        assertThat(token.get("permissions").toString()).isEqualTo("[\"*\"]");
                    } else {
                        assertThat(token.get("tokenId").asText()).isEqualTo(readerId);
                        assertThat(token.get("websiteIds").toString()).isEqualTo("[\"" + site + "\"]");
                    }
                }
                assertThat(adminIds).hasSize(1);

                HttpResponse<String> revoked = send(base, "DELETE", "/api/v1/admin/tokens/" + readerId, ADMIN, null);
                assertThat(revoked.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"tokenId\":\"" + readerId
                        + "\",\"revoked\":true}}");
                assertThat(send(base, "GET", "/api/v1/admin/websites", reader, null).statusCode())
                        .as("the very next request").isEqualTo(401);

                HttpResponse<String> last = send(base, "DELETE", "/api/v1/admin/tokens/" + adminIds.get(0), ADMIN, null);
                assertThat(last.statusCode()).isEqualTo(409);
                assertThat(last.body()).startsWith("{\"status\":\"error\",\"error\":{\"code\":409,\"message\":\"")
                        .contains("last");

                kept = data(send(base, "POST", "/api/v1/admin/tokens", ADMIN, "{\"permissions\":[\"websites:read\"]}"))
                        .get("token").asText();
            }

            try (ApplicationContext restarted = server(database, CHANGED)) {
                URI base = base(restarted);
                assertThat(send(base, "GET", "/api/v1/admin/websites", ADMIN, null).statusCode())
                        .as("the replaced admin token").isEqualTo(401);
                assertThat(send(base, "GET", "/api/v1/admin/websites", CHANGED, null).statusCode()).isEqualTo(200);
                assertThat(send(base, "GET", "/api/v1/admin/websites", kept, null).statusCode())
                        .as("an issued token").isEqualTo(200);
                long admins = 0;
                for (JsonNode token : data(send(base, "GET", "/api/v1/admin/tokens", CHANGED, null))) {
                    admins += token.get("adminToken").asBoolean() ? 1 : 0;
                }
                assertThat(admins).isEqualTo(1);
            }
        }
    }

    private ApplicationContext server(EmbeddedDatabase database, String adminToken) {
        return ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "postgres",
                "meridian.db.url", database.jdbcUrl(),
                "meridian.db.user", database.user(), "meridian.db.password", database.password(),
                "meridian.admin-token", adminToken,
                "meridian.data-dir", dataDir.toString(),
                "meridian.enrichment.enabled", "false"));
    }

    private static URI base(ApplicationContext server) {
        return URI.create("http://localhost:" + server.getBean(EmbeddedServer.class).start().getPort());
    }

    private static JsonNode data(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("data");
    }

    private HttpResponse<String> send(URI base, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
