package dev.meridian.http.realtime;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Permission;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live-map streams are capped per credential, per client address and in total: over a cap, 429 before it opens. */
@MicronautTest
@Property(name = "meridian.streams.max-per-key", value = "2")
@Property(name = "meridian.streams.max-per-address", value = "3")
@Property(name = "meridian.streams.max-total", value = "4")
@Property(name = "meridian.streams.retry-after", value = "7s")
@Property(name = "meridian.realtime-stream.heartbeat", value = "100ms")
class StreamCapsEndpointTest {

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    GetRealtimeMap getRealtimeMap;

    @Inject
    StreamAdmission admission;

    private final List<java.net.http.HttpResponse<InputStream>> open = new ArrayList<>();

    @BeforeEach
    void anyAccountTokenReadsTheWebsite() {
        reset(authenticate, getRealtimeMap);
        when(authenticate.authenticate(anyString())).thenReturn(RealtimeMapEndpointTest.ACCOUNT);
        when(authenticate.websiteFor(any(Caller.class), eq(Permission.ANALYTICS_READ), any()))
                .thenReturn(RealtimeMapEndpointTest.WEBSITE_ID);
        when(getRealtimeMap.forWebsite(RealtimeMapEndpointTest.WEBSITE_ID)).thenReturn(ExampleMap.withModel());
    }

    @AfterEach
    void closeStreams() throws Exception {
        for (java.net.http.HttpResponse<InputStream> stream : open) {
            stream.body().close();
        }
        awaitOpen(0);
    }

    /** Opens a stream and keeps it open; its status. */
    private int stream(String token, String address) throws Exception {
        java.net.http.HttpResponse<InputStream> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/analytics/realtime/stream"))
                        .header("Authorization", "Bearer " + token).header("X-Forwarded-For", address).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        open.add(response);
        return response.statusCode();
    }

    /** A request for a stream that is refused (one that is not would not end). */
    private HttpResponse<String> refused(String token, String address) {
        return refusedWith("Bearer " + token, address);
    }

    private HttpResponse<String> refusedWith(String authorization, String address) {
        return client.toBlocking().exchange(HttpRequest.GET("/api/v1/analytics/realtime/stream")
                .header("Authorization", authorization).header("X-Forwarded-For", address),
                Argument.STRING, Argument.STRING);
    }

    private void awaitOpen(int streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (admission.open() != streams && System.nanoTime() < deadline) {
            Thread.sleep(20); // a closed stream is noticed at its next heartbeat
        }
        assertThat(admission.open()).isEqualTo(streams);
    }

    @Test
    void aCredentialOverItsCapIsRefusedWith429RetryAfterAndTheEnvelopeUntilOneOfItsStreamsCloses() throws Exception {
        assertThat(stream("dft_one", "198.51.100.1")).isEqualTo(200);
        assertThat(stream("dft_one", "198.51.100.2")).isEqualTo(200);

        HttpResponse<String> refused = refused("dft_one", "198.51.100.3");
        assertErrorEnvelope(refused, 429);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        assertThat(refused.body()).contains("at most 2 per credential");
        assertThat(refusedWith("bearer  dft_one", "198.51.100.3").code()).as("the same credential spelled otherwise")
                .isEqualTo(429);
        assertThat(stream("dft_two", "198.51.100.3")).as("another credential").isEqualTo(200);

        open.remove(0).body().close();
        awaitOpen(2);
        assertThat(stream("dft_one", "198.51.100.3")).isEqualTo(200);
    }

    @Test
    void anAddressOverItsCapIsRefusedWhateverTheCredential() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(stream("dft_key" + i, "2001:db8:5:6::" + (i + 1))).isEqualTo(200);
        }

        HttpResponse<String> refused = refused("dft_key9", "2001:db8:5:6::ff");
        assertErrorEnvelope(refused, 429);
        assertThat(refused.body()).contains("at most 3 per client address");
        assertThat(stream("dft_key9", "2001:db8:5:7::1")).as("another /64").isEqualTo(200);
    }

    @Test
    void theServerOverItsTotalCapRefusesEveryNewStream() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(stream("dft_total" + i, "203.0.113." + i)).isEqualTo(200);
        }

        HttpResponse<String> refused = refused("dft_total9", "203.0.113.9");
        assertErrorEnvelope(refused, 429);
        assertThat(refused.body()).contains("at most 4 are open at once on this server");
    }
}
