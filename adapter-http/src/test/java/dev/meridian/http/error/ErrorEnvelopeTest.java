package dev.meridian.http.error;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Errors the framework makes itself are written in our envelope too. */
@MicronautTest
class ErrorEnvelopeTest {

    @Inject
    @Client("/")
    HttpClient client;

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    @Test
    void unknownRouteIs404InTheEnvelope() {
        assertErrorEnvelope(exchange(HttpRequest.GET("/no/such/page")), 404);
    }

    @Test
    void unknownRouteAskedForByABrowserIs404InTheEnvelopeNotHtml() {
        HttpResponse<String> response = exchange(HttpRequest.GET("/no/such/page")
                .header(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));

        assertErrorEnvelope(response, 404);
    }

    @Test
    void wrongMethodIs405InTheEnvelope() {
        HttpResponse<String> response = exchange(HttpRequest.PUT("/api/events", "{}"));

        assertErrorEnvelope(response, 405);
        assertThat(response.getHeaders().getAll(HttpHeaders.ALLOW)).isNotEmpty();
    }

    @Test
    void headOnAnUnknownRouteHasNoBody() {
        HttpResponse<String> response = exchange(HttpRequest.HEAD("/no/such/page"));

        assertThat(response.code()).isEqualTo(404);
        assertThat(response.getBody()).isEmpty();
    }
}
