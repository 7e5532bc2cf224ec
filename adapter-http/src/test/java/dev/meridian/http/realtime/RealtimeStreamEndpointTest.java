package dev.meridian.http.realtime;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.core.map.MapChanges;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RealtimeMap;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The realtime stream over a real socket, read line by line as a browser's fetch would. */
@MicronautTest
@Property(name = "meridian.realtime-stream.heartbeat", value = "300ms")
class RealtimeStreamEndpointTest {

    static final String WEBSITE_ID = RealtimeMapEndpointTest.WEBSITE_ID;
    static final String TOKEN = RealtimeMapEndpointTest.TOKEN;

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
    MapChanges mapChanges;

    @BeforeEach
    void knowOneAccountToken() {
        reset(authenticate, getRealtimeMap);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if (TOKEN.equals(call.getArgument(0))) {
                return RealtimeMapEndpointTest.ACCOUNT;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        when(authenticate.websiteFor(eq(RealtimeMapEndpointTest.ACCOUNT), eq(Permission.ANALYTICS_READ), any()))
                .thenReturn(WEBSITE_ID);
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(ExampleMap.withModel());
    }

    /** The lines of one open stream, read on their own thread. */
    final class OpenStream implements AutoCloseable {

        final java.net.http.HttpResponse<java.io.InputStream> response;
        final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        private final Thread reader;

        OpenStream(String query) throws Exception {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            response = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create(server.getURL() + "/api/v1/analytics/realtime/stream" + query))
                    .header("Authorization", TOKEN).header("Accept", "text/event-stream").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (Exception closed) {
                    // the test closed the stream
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line within 10 s").isNotNull();
            return line;
        }

        /** The data of the next {@code map} event. */
        JsonNode nextMap() throws InterruptedException {
            while (true) {
                String line = nextLine();
                if (line.equals("event: map")) {
                    String data = nextLine();
                    assertThat(data).startsWith("data: ");
                    assertThat(nextLine()).isEmpty();
                    return json(data.substring("data: ".length()));
                }
            }
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    @Test
    void theStreamOpensWithTheMapAsTheMapEndpointWritesItPlusPseudonyms() throws Exception {
        try (OpenStream stream = new OpenStream("?websiteId=" + WEBSITE_ID)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.response.headers().firstValue("Cache-Control")).contains("no-store");

            JsonNode live = stream.nextMap();
            String endpointData = json(client.toBlocking().retrieve(HttpRequest.GET(
                    "/api/v1/analytics/realtime/map").header(HttpHeaders.AUTHORIZATION, TOKEN))).get("data").toString();
            assertThat(live.get("map").toString()).isEqualTo(endpointData);
            assertThat(live.get("pseudonyms").get(ExampleMap.VISITOR_ID).asText())
                    .isEqualTo(Pseudonyms.standard().of(ExampleMap.VISITOR_ID));
        }
    }

    @Test
    void aChangeOfTheWebsitesMapPushesTheNewMap() throws Exception {
        try (OpenStream stream = new OpenStream("")) {
            assertThat(stream.nextMap().get("map").get("count").asInt()).isEqualTo(1);
            when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(
                    new RealtimeMap(List.of(), null, List.of(), List.of()));

            mapChanges.publish(WEBSITE_ID);

            assertThat(stream.nextMap().get("map").get("count").asInt()).isZero();
        }
    }

    @Test
    void aStreamWhoseCredentialIsRevokedEndsAtItsNextPush() throws Exception {
        try (OpenStream stream = new OpenStream("")) {
            stream.nextMap();
            doThrow(new UnauthorizedException("invalid API key")).when(authenticate).authenticate(any());

            mapChanges.publish(WEBSITE_ID);

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (mapChanges.subscriberCount(WEBSITE_ID) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(mapChanges.subscriberCount(WEBSITE_ID)).isZero();
            for (String line = stream.lines.poll(1, TimeUnit.SECONDS); line != null;
                    line = stream.lines.poll(200, TimeUnit.MILLISECONDS)) {
                assertThat(line).as("no map after the revocation").isNotEqualTo("event: map");
            }
        }
    }

    @Test
    void heartbeatsAreCommentLines() throws Exception {
        try (OpenStream stream = new OpenStream("")) {
            stream.nextMap();
            assertThat(stream.nextLine()).isEqualTo(": heartbeat");
            assertThat(stream.nextLine()).isEmpty();
        }
    }

    @Test
    void aClientThatGoesAwayLeavesNoSubscription() throws Exception {
        try (OpenStream stream = new OpenStream("")) {
            stream.nextMap();
            assertThat(mapChanges.subscriberCount(WEBSITE_ID)).isEqualTo(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (mapChanges.subscriberCount(WEBSITE_ID) > 0 && System.nanoTime() < deadline) {
            mapChanges.publish(WEBSITE_ID); // a write to the closed socket is how the server notices at the latest
            Thread.sleep(50);
        }
        assertThat(mapChanges.subscriberCount(WEBSITE_ID)).isZero();
    }

    @Test
    void aMissingCredentialIsRefusedWithTheJsonEnvelopeBeforeAnyStream() {
        HttpResponse<String> response = client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/stream"), Argument.STRING, Argument.STRING);

        assertErrorEnvelope(response, 401);
        assertThat(mapChanges.subscriberCount(WEBSITE_ID)).isZero();
    }

    @Test
    void aCredentialWithoutAccessToTheWebsiteIsRefusedWith403() {
        when(authenticate.websiteFor(any(), any(), eq("65f1c0ffee0000000000ffff")))
                .thenThrow(new ForbiddenException("no access to website 65f1c0ffee0000000000ffff"));

        HttpResponse<String> response = client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/stream?websiteId=65f1c0ffee0000000000ffff")
                        .header(HttpHeaders.AUTHORIZATION, TOKEN), Argument.STRING, Argument.STRING);

        assertErrorEnvelope(response, 403);
    }

    @Test
    void theCredentialIsNotAcceptedInTheUrl() {
        HttpResponse<String> response = client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/stream?key=dft_account_token"),
                Argument.STRING, Argument.STRING);

        assertErrorEnvelope(response, 401);
    }
}
