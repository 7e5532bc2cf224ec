package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real server's import route with the application's own body limits: a large NDJSON body streams, others stay at 64 KiB. */
@MicronautTest
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.enrichment.enabled", value = "false")
@Property(name = "meridian.admin-token", value = ImportEndToEndTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/import-e2e-data")
class ImportEndToEndTest {

    static final String ADMIN = "dft_fedcba9876543210fedcba9876543210";
    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient client;

    @SuppressWarnings("unchecked")
    private Map<String, Object> data(HttpResponse<Map<String, Object>> response) {
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        return (Map<String, Object>) response.body().get("data");
    }

    @Test
    void anNdjsonFileOfSeveralHundredKibIsImportedWhileJsonBodiesOver64KibAre413() {
        Map<String, Object> website = data(client.toBlocking().exchange(HttpRequest.POST("/api/v1/admin/websites",
                Map.of("domain", "example.com")).bearerAuth(ADMIN), JSON));
        String key = (String) data(client.toBlocking().exchange(HttpRequest.POST(
                "/api/v1/admin/websites/" + website.get("websiteId") + "/api-keys", "").bearerAuth(ADMIN), JSON)).get("key");
        StringBuilder body = new StringBuilder();
        int lines = 2_000;
        for (int i = 0; i < lines; i++) {
            body.append(String.format("{\"type\":\"pageview\",\"timestamp\":\"2026-01-10T09:%02d:%02d.000Z\","
                    + "\"visitorId\":\"%08x-0000-4000-8000-000000000000\",\"sessionId\":\"s%08x-0000-4000-8000-000000000000\","
                    + "\"href\":\"https://example.com/page\",\"countryCode\":\"DE\",\"browser\":\"Firefox\"}%n",
                    i / 60 % 60, i % 60, i % 300, i % 300));
        }
        assertThat(body.length()).isGreaterThan(4 * 64 * 1024);

        Map<String, Object> imported = data(client.toBlocking().exchange(HttpRequest.POST("/api/v1/import", body.toString())
                .contentType(new MediaType("application/x-ndjson")).bearerAuth(key), JSON));

        assertThat(imported).containsEntry("accepted", lines).containsEntry("rejected", 0).containsEntry("eventsStored", lines);
        String bigJson = "{\"domain\":\"x.com\",\"name\":\"" + "n".repeat(65 * 1024) + "\"}";
        HttpClientResponseException tooLarge = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> client.toBlocking().exchange(
                        HttpRequest.POST("/api/v1/admin/websites", bigJson).bearerAuth(ADMIN), JSON));
        assertThat(tooLarge.getStatus().getCode()).isEqualTo(413);
    }
}
