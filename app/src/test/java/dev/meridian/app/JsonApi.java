package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.util.Map;

/** For end-to-end tests: the server's JSON API through a Micronaut client, an error answered like a success. */
final class JsonApi {

    static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    /** Status and body of any answer, error or not. */
    record Answer(int status, Map<String, Object> body) {
    }

    /** A website with its key. */
    record Site(String id, String trackingId, String domain, String key) {
    }

    private final HttpClient client;
    private final String adminToken;

    JsonApi(HttpClient client, String adminToken) {
        this.client = client;
        this.adminToken = adminToken;
    }

    /** Sends {@code request}, with {@code credential} as its bearer token unless null. */
    Answer send(MutableHttpRequest<?> request, String credential) {
        if (credential != null) {
            request.bearerAuth(credential);
        }
        try {
            HttpResponse<Map<String, Object>> response = client.toBlocking().exchange(request, JSON);
            return new Answer(response.getStatus().getCode(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), e.getResponse().getBody(JSON).orElse(Map.of()));
        }
    }

    /** The {@code data} of a successful answer (checked: 200 and {@code "status":"success"}). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.body()).containsEntry("status", "success");
        return (Map<String, Object>) answer.body().get("data");
    }

    /** A new website of {@code domain} and an API key of it, made with the admin token. */
    Site createSite(String domain) {
        Map<String, Object> website = data(send(HttpRequest.POST("/api/v1/admin/websites", Map.of("domain", domain)),
                adminToken));
        String id = (String) website.get("websiteId");
        String key = (String) data(send(HttpRequest.POST("/api/v1/admin/websites/" + id + "/api-keys", ""), adminToken))
                .get("key");
        return new Site(id, (String) website.get("trackingId"), domain, key);
    }
}
