package dev.meridian.http.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.meridian.http.Envelopes;
import dev.meridian.http.RawHttp;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RealtimeMap;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest
@Property(name = "meridian.rate-limit.events.requests", value = "1")
@Property(name = "meridian.rate-limit.events.period", value = "1h")
@Property(name = "meridian.rate-limit.events.burst", value = "5")
@Property(name = "meridian.rate-limit.api.requests", value = "1")
@Property(name = "meridian.rate-limit.api.period", value = "1h")
@Property(name = "meridian.rate-limit.api.burst", value = "5")
@Property(name = "meridian.rate-limit.auth-failures.requests", value = "1")
@Property(name = "meridian.rate-limit.auth-failures.period", value = "1h")
@Property(name = "meridian.rate-limit.auth-failures.burst", value = "3")
class RateLimitTest {

    private static final String EVENT = """
            {"websiteId":"dfid_x","domain":"example.com","href":"https://example.com/","type":"pageview",\
            "visitorId":"0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f","sessionId":"s9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d"}""";

    @Inject
    @Client("/")
    HttpClient client;

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(120);

    @Inject
    EmbeddedServer server;

    @Inject
    TrackEvent trackEvent;

    @Inject
    Authenticate authenticate;

    @Inject
    GetRealtimeMap getRealtimeMap;

    @BeforeEach
    void answerEverything() {
        reset(trackEvent, authenticate, getRealtimeMap);
        when(trackEvent.trackAsync(any())).thenReturn(CompletableFuture.completedFuture(new TrackResult("v", "e", true)));
        when(authenticate.authenticate(anyString())).thenAnswer(call -> {
            if (call.<String>getArgument(0).contains("df_guess")) {
                throw new UnauthorizedException("invalid API key");
            }
            return new Caller.WebsiteKey("w");
        });
        when(authenticate.websiteFor(any(), eq(Permission.ANALYTICS_READ), isNull())).thenReturn("w");
        when(getRealtimeMap.forWebsite("w")).thenReturn(new RealtimeMap(List.of(), null, List.of(), List.of()));
    }

    private HttpResponse<String> event(String clientIp) {
        return client.toBlocking().exchange(HttpRequest.POST("/api/events", EVENT)
                .contentType(MediaType.APPLICATION_JSON_TYPE).header("X-Forwarded-For", clientIp),
                Argument.STRING, Argument.STRING);
    }

    private HttpResponse<String> map(String key) {
        return client.toBlocking().exchange(HttpRequest.GET("/api/v1/analytics/realtime/map").bearerAuth(key),
                Argument.STRING, Argument.STRING);
    }

    @Test
    void anAddressOverItsEventLimitIsRefusedWith429AndRetryAfterWhileOthersAreServed() {
        for (int i = 0; i < 5; i++) {
            assertThat(event("198.51.100.1").getStatus().getCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = event("198.51.100.1");

        assertThat(refused.getStatus().getCode()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(3500, 3600);
        Envelopes.assertErrorEnvelope(refused, 429);
        assertThat(event("198.51.100.2").getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void aFloodFromOneAddressNeverRefusesAnotherClient() throws Exception {
        ExecutorService flooders = Executors.newFixedThreadPool(8);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Future<Integer>> refusedCounts = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                refusedCounts.add(flooders.submit(() -> {
                    int refused = 0;
                    for (int i = 0; i < 50 && flooding.get(); i++) {
                        refused += event("203.0.113.66").getStatus().getCode() == 429 ? 1 : 0;
                    }
                    return refused;
                }));
            }
            List<Integer> otherClient = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                otherClient.add(event("203.0.113.77").getStatus().getCode());
            }
            assertThat(otherClient).containsOnly(200);
        } finally {
            flooding.set(false);
            flooders.shutdown();
        }
        int refused = 0;
        for (Future<Integer> count : refusedCounts) {
            refused += count.get();
        }
        assertThat(refused).as("the flooding address is refused").isPositive();
    }

    @Test
    void theApiIsLimitedPerCredential() {
        for (int i = 0; i < 5; i++) {
            assertThat(map("df_first").getStatus().getCode()).isEqualTo(200);
        }
        assertThat(map("df_first").getStatus().getCode()).isEqualTo(429);
        assertThat(map("df_second").getStatus().getCode()).isEqualTo(200);
    }

    private HttpResponse<String> map(String key, String clientIp) {
        return client.toBlocking().exchange(HttpRequest.GET("/api/v1/analytics/realtime/map").bearerAuth(key)
                .header("X-Forwarded-For", clientIp), Argument.STRING, Argument.STRING);
    }

    @Test
    void anAddressGuessingCredentialsIsRefusedOnTheWholeApiOnceItsFailuresAreUsedUpWhileOthersAreServed() {
        for (int i = 0; i < 3; i++) {
            assertThat(map("df_guess" + i, "198.51.100.9").getStatus().getCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = map("df_guess_again", "198.51.100.9");
        assertThat(refused.getStatus().getCode()).isEqualTo(429);
        Envelopes.assertErrorEnvelope(refused, 429);
        assertThat(map("df_valid_key", "198.51.100.9").getStatus().getCode())
                .as("even a good credential from the guessing address").isEqualTo(429);
        assertThat(map("df_valid_key", "198.51.100.10").getStatus().getCode()).isEqualTo(200);
    }

    /**
     * Spellings of the tracking route: {@code /api/events/} reaches the tracking endpoint (Micronaut's router drops a
     * trailing slash) and escaped the limit before it was keyed on the normalised path; the others are served by a
     * proxy that normalises, or answered 404, and count all the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/events/", "/api/events?x=1", "http://localhost/api/events", "//api/events",
            "/api//events", "/api/events//", "/api/events;x", "/API/Events", "/api/./events", "/api/x/../events",
            "/api/%65vents", "/api/events%2F", "/api%2Fevents"})
    void everySpellingOfTheTrackingRouteCountsAgainstTheSameAllowance(String target) throws Exception {
        String address = "198.51.100." + NEXT_ADDRESS.incrementAndGet();
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.status(server.getPort(), "POST", target, EVENT, "X-Forwarded-For: " + address))
                    .as("answered, not refused yet").isIn(200, 404);
        }

        assertThat(RawHttp.status(server.getPort(), "POST", target, EVENT, "X-Forwarded-For: " + address))
                .isEqualTo(429);
        assertThat(event(address).getStatus().getCode()).as("/api/events after the variant's requests").isEqualTo(429);
    }

    @Test
    void theTrailingSlashSpellingReachesTheTrackingEndpointAndIsLimited() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.status(server.getPort(), "POST", "/api/events/", EVENT,
                    "X-Forwarded-For: 192.0.2.200")).isEqualTo(200);
        }
        assertThat(RawHttp.status(server.getPort(), "POST", "/api/events/", EVENT, "X-Forwarded-For: 192.0.2.200"))
                .isEqualTo(429);
        verify(trackEvent, times(5)).trackAsync(any());
    }

    @Test
    void optionsOnTheApiIsLimitedPerAddressAndLooksNoCredentialUp() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.status(server.getPort(), "OPTIONS", "/api/v1/analytics/realtime/map", null,
                    "Authorization: Bearer df_made_up_" + i, "X-Forwarded-For: 192.0.2.201")).isEqualTo(405);
        }

        assertThat(RawHttp.status(server.getPort(), "OPTIONS", "/api/v1/analytics/realtime/map", null,
                "Authorization: Bearer df_made_up_again", "X-Forwarded-For: 192.0.2.201")).isEqualTo(429);
        verify(authenticate, never()).authenticate(any());
        assertThat(map("df_valid_key", "192.0.2.202").getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void optionsOnTheTrackingRouteThatIsNoCorsPreflightIsLimited() throws Exception {
        for (int i = 0; i < 5; i++) {
            RawHttp.status(server.getPort(), "OPTIONS", "/api/events", null, "X-Forwarded-For: 192.0.2.203");
        }
        assertThat(RawHttp.status(server.getPort(), "OPTIONS", "/api/events", null, "X-Forwarded-For: 192.0.2.203"))
                .isEqualTo(429);
    }

    @Test
    void oneCredentialSpelledDifferentlyHasOneAllowance() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.toBlocking().exchange(HttpRequest.GET("/api/v1/analytics/realtime/map")
                    .header("Authorization", (i % 2 == 0 ? "bearer " : "BEARER  ") + "df_spelled"),
                    Argument.STRING, Argument.STRING).getStatus().getCode()).isEqualTo(200);
        }
        assertThat(map("df_spelled").getStatus().getCode()).isEqualTo(429);
    }

    @Test
    void ipv6ClientsShareOneAllowancePerSlash64() {
        for (int i = 1; i <= 5; i++) {
            assertThat(event("2001:db8:1:2::" + Integer.toHexString(i)).getStatus().getCode()).isEqualTo(200);
        }

        assertThat(event("2001:db8:1:2:ffff:eeee:dddd:cccc").getStatus().getCode())
                .as("another address of the same /64").isEqualTo(429);
        assertThat(event("2001:db8:1:3::1").getStatus().getCode()).as("the next /64").isEqualTo(200);
    }

    @Test
    void anIpv4AddressWrittenAsIpv6SharesItsAllowance() {
        for (int i = 0; i < 5; i++) {
            assertThat(event(i % 2 == 0 ? "::ffff:198.51.100.77" : "198.51.100.77").getStatus().getCode())
                    .isEqualTo(200);
        }
        assertThat(event("::ffff:c633:644d").getStatus().getCode()).isEqualTo(429);
    }

    @Test
    void corsPreflightsAreNotCounted() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> preflight = client.toBlocking().exchange(HttpRequest.OPTIONS("/api/events")
                    .header("Origin", "https://example.com").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .header("X-Forwarded-For", "192.0.2.55"), Argument.STRING, Argument.STRING);
            assertThat(preflight.getStatus().getCode()).isEqualTo(200);
        }
        assertThat(event("192.0.2.55").getStatus().getCode()).isEqualTo(200);
    }
}
