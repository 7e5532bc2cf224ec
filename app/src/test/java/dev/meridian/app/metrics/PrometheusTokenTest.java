package dev.meridian.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code MERIDIAN_METRICS_TOKEN} set, a scrape needs it; health stays open. */
@MicronautTest
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.enrichment.enabled", value = "false")
@Property(name = "meridian.admin-token", value = "dft_0123456789abcdef0123456789abcdef")
@Property(name = "meridian.data-dir", value = "target/prometheus-token-data")
@Property(name = "meridian.metrics.token", value = PrometheusTokenTest.TOKEN)
class PrometheusTokenTest {

    static final String TOKEN = "scrape-secret-0123456789";

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void aScrapeWithoutTheTokenOrWithAnotherIs401WithTheEnvelope() {
        for (HttpRequest<?> request : new HttpRequest<?>[] {HttpRequest.GET("/prometheus"),
                HttpRequest.GET("/prometheus").bearerAuth("wrong"), HttpRequest.GET("/prometheus").bearerAuth(TOKEN + "x")}) {
            assertThatThrownBy(() -> client.toBlocking().exchange(request, String.class))
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(401);
                        assertThat(e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow())
                                .containsEntry("status", "error");
                    });
        }
    }

    @Test
    void aScrapeWithTheTokenGetsTheMetricsAndHealthNeedsNoToken() {
        String scrape = client.toBlocking().retrieve(HttpRequest.GET("/prometheus").bearerAuth(TOKEN));
        assertThat(scrape).contains("meridian_events_tracked_total");
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/health/readiness"), Map.class).code()).isEqualTo(200);
    }
}
