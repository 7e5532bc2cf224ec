package dev.meridian.http.tracking;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.fieldNames;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

@MicronautTest
class TrackingEndpointTest {

    static final String VISITOR_ID = "0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f";
    static final String SESSION_ID = "s9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

    /** A pageview exactly as the tracker script / the {@code datafast} npm SDK sends it. */
    static final String SDK_PAGEVIEW = """
            {"websiteId":"dfid_7Yx2kq9Lm3","domain":"example.com",\
            "href":"https://example.com/pricing?utm_source=x","referrer":"https://google.com/",\
            "viewport":{"width":1440,"height":900},"visitorId":"%s","sessionId":"%s",\
            "type":"pageview","extraData":{}}""".formatted(VISITOR_ID, SESSION_ID);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TrackEvent trackEvent;

    @BeforeEach
    void answerWithAStoredEvent() {
        reset(trackEvent);
        when(trackEvent.trackAsync(any())).thenReturn(CompletableFuture.completedFuture(new TrackResult(VISITOR_ID, "69857bb827ddefd472fb2b09", true)));
    }

    private HttpResponse<String> post(String body, MediaType contentType) {
        return exchange(HttpRequest.POST("/api/events", body).contentType(contentType));
    }

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    private TrackCommand trackedCommand() {
        ArgumentCaptor<TrackCommand> command = ArgumentCaptor.forClass(TrackCommand.class);
        verify(trackEvent).trackAsync(command.capture());
        return command.getValue();
    }

    @Test
    void sdkPageviewIsAcceptedAndAnsweredWithVisitorAndEventIds() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/events", SDK_PAGEVIEW)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (Macintosh) Chrome/121.0"));

        assertThat(response.code()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(fieldNames(body)).containsExactly("status", "data");
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(fieldNames(body.get("data"))).containsExactly("visitorId", "eventId");
        assertThat(body.get("data").get("visitorId").asText()).isEqualTo(VISITOR_ID);
        assertThat(body.get("data").get("eventId").asText()).isEqualTo("69857bb827ddefd472fb2b09");

        TrackCommand command = trackedCommand();
        assertThat(command.websiteId()).isEqualTo("dfid_7Yx2kq9Lm3");
        assertThat(command.domain()).isEqualTo("example.com");
        assertThat(command.href()).isEqualTo("https://example.com/pricing?utm_source=x");
        assertThat(command.referrer()).isEqualTo("https://google.com/");
        assertThat(command.visitorId()).isEqualTo(VISITOR_ID);
        assertThat(command.sessionId()).isEqualTo(SESSION_ID);
        assertThat(command.type()).isEqualTo("pageview");
        assertThat(command.extraData()).isEmpty();
        assertThat(command.cookieless()).isFalse();
        assertThat(command.clientIp()).isEqualTo("127.0.0.1");
        assertThat(command.userAgent()).isEqualTo("Mozilla/5.0 (Macintosh) Chrome/121.0");
    }

    @Test
    void sdkPayloadWithEveryOptionalFieldIsAccepted() {
        String body = """
                {"websiteId":"dfid_7Yx2kq9Lm3","domain":"example.com","href":"https://example.com/",\
                "referrer":null,"viewport":{"width":390,"height":844},"screenWidth":390,"screenHeight":844,\
                "language":"en-US","timezone":"America/Denver","adClickIds":{"gclid":"abc"},\
                "visitorFirstSeenAt":"2026-02-01T10:00:00.000Z","visitorSessionNumber":3,\
                "device":{"model":"iPhone"},"visitorId":"%s","sessionId":"%s","type":"pageview",\
                "extraData":{},"cookieless":false,"somethingNew":[1,2,3]}""".formatted(VISITOR_ID, SESSION_ID);

        assertThat(post(body, MediaType.APPLICATION_JSON_TYPE).code()).isEqualTo(200);
        assertThat(trackedCommand().referrer()).isNull();
    }

    @Test
    void customGoalExtraDataScalarsBecomeStringsInOrder() {
        String body = """
                {"websiteId":"dfid_7Yx2kq9Lm3","domain":"example.com","href":"https://example.com/",\
                "visitorId":"%s","sessionId":"%s","type":"custom",\
                "extraData":{"eventName":"signup","plan":"pro","seats":12,"price":9.5,"trial":true,"coupon":null}}"""
                .formatted(VISITOR_ID, SESSION_ID);

        assertThat(post(body, MediaType.APPLICATION_JSON_TYPE).code()).isEqualTo(200);
        assertThat(trackedCommand().extraData()).containsExactly(
                java.util.Map.entry("eventName", "signup"), java.util.Map.entry("plan", "pro"),
                java.util.Map.entry("seats", "12"), java.util.Map.entry("price", "9.5"),
                java.util.Map.entry("trial", "true"));
    }

    @Test
    void cookielessFlagIsPassedOn() {
        String body = """
                {"websiteId":"dfid_7Yx2kq9Lm3","domain":"example.com","href":"https://example.com/",\
                "type":"pageview","cookieless":true}""";

        assertThat(post(body, MediaType.APPLICATION_JSON_TYPE).code()).isEqualTo(200);
        TrackCommand command = trackedCommand();
        assertThat(command.cookieless()).isTrue();
        assertThat(command.visitorId()).isNull();
    }

    @Test
    void sendBeaconTextPlainBodyIsParsedAsJson() {
        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.of("text/plain;charset=UTF-8"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(trackedCommand().href()).isEqualTo("https://example.com/pricing?utm_source=x");
    }

    @Test
    void robotEventAnswersWithNullEventId() {
        when(trackEvent.trackAsync(any())).thenReturn(CompletableFuture.completedFuture(new TrackResult(VISITOR_ID, null, false)));

        JsonNode data = json(post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE).body()).get("data");

        assertThat(fieldNames(data)).containsExactly("visitorId", "eventId");
        assertThat(data.get("eventId").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "websiteId  | 42",
        "domain     | {\"x\":1}",
        "href       | [\"https://example.com/\"]",
        "referrer   | false",
        "visitorId  | 7",
        "sessionId  | true",
        "type       | 1",
        "extraData  | \"eventName=signup\"",
        "cookieless | \"true\"",
        "viewport   | \"1440x900\"",
        "screenWidth | \"1440\"",
        "language   | 1",
        "device     | \"iPhone\"",
    })
    void knownFieldOfTheWrongJsonTypeIsRefusedNamingTheField(String field, String value) {
        // appended last: for a field the payload already has, the last of duplicate keys is the one read
        String body = SDK_PAGEVIEW.substring(0, SDK_PAGEVIEW.length() - 1) + ",\"" + field + "\":" + value + "}";

        HttpResponse<String> response = post(body, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).startsWith(field + " must be");
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void nestedValueInsideExtraDataIsRefusedNamingTheKey() {
        String body = SDK_PAGEVIEW.replace("\"extraData\":{}", "\"extraData\":{\"eventName\":\"x\",\"meta\":{\"a\":1}}");

        HttpResponse<String> response = post(body, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).contains("extraData.meta");
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void arrayInsideExtraDataIsRefusedNamingTheKey() {
        String body = SDK_PAGEVIEW.replace("\"extraData\":{}", "\"extraData\":{\"tags\":[\"a\"]}");

        HttpResponse<String> response = post(body, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).contains("extraData.tags");
    }

    @Test
    void malformedJsonIsRefusedWith400() {
        HttpResponse<String> response = post("{\"websiteId\":\"dfid_1\",", MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).startsWith("Malformed JSON in request body at line 1");
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void jsonThatIsNoObjectIsRefusedWith400() {
        HttpResponse<String> response = post("[1,2]", MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).contains("JSON object");
    }

    @Test
    void emptyBodyIsRefusedWith400() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/events", "")
                .contentType(MediaType.APPLICATION_JSON_TYPE));

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).contains("empty");
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void invalidFieldReportedByCoreIs400NamingTheField() {
        when(trackEvent.trackAsync(any())).thenThrow(new InvalidInputException("href", "href must be an http or https URL"));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).isEqualTo("href must be an http or https URL");
    }

    @Test
    void fieldIsNamedEvenWhenCoreMessageForgetsIt() {
        when(trackEvent.trackAsync(any())).thenThrow(new InvalidInputException("sessionId", "not a session id"));

        assertThat(errorMessage(post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE)))
                .isEqualTo("sessionId: not a session id");
    }

    @Test
    void unknownTrackingIdIs404() {
        when(trackEvent.trackAsync(any())).thenThrow(new NotFoundException("No website with tracking id dfid_7Yx2kq9Lm3"));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 404);
        assertThat(errorMessage(response)).isEqualTo("No website with tracking id dfid_7Yx2kq9Lm3");
    }

    @Test
    void unavailableStorageIs503WithRetryAfter() {
        // the storage fails the event after the controller returned: the stage completes exceptionally
        when(trackEvent.trackAsync(any())).thenReturn(CompletableFuture.failedFuture(
                new StorageUnavailableException("database down", new SQLException("Connection refused: db:5432"))));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 503);
        assertThat(response.header(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.body()).doesNotContain("5432");
        assertThat(errorMessage(response)).isEqualTo("Storage is unavailable; retry later");
    }

    @Test
    void anAppendStorageDidNotConfirmIs503SayingARetryMayStoreItTwice() {
        when(trackEvent.trackAsync(any())).thenReturn(CompletableFuture.failedFuture(new StorageUnavailableException(
                "storage did not confirm the event within PT10S; it may still be stored", null, true)));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 503);
        assertThat(response.header(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(errorMessage(response))
                .isEqualTo("Storage did not confirm in time; it may still store this request, so a retry may store it twice");
    }

    @Test
    void storageUnavailableBeforeTheEventIsQueuedIs503Too() {
        when(trackEvent.trackAsync(any())).thenThrow(new StorageUnavailableException("database down", null));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 503);
        assertThat(errorMessage(response)).isEqualTo("Storage is unavailable; retry later");
    }

    @Test
    void theAnswerWaitsForTheStorageToCompleteTheEvent() throws Exception {
        CompletableFuture<TrackResult> stored = new CompletableFuture<>();
        when(trackEvent.trackAsync(any())).thenReturn(stored);

        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(
                () -> post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE));
        verify(trackEvent, timeout(10_000)).trackAsync(any());
        Thread.sleep(200);
        assertThat(answer).as("no answer before the storage completes").isNotDone();

        stored.complete(new TrackResult(VISITOR_ID, "69857bb827ddefd472fb2b09", true));

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).contains("\"eventId\":\"69857bb827ddefd472fb2b09\"");
    }

    @Test
    void unexpectedFailureIs500WithAGenericMessage() {
        when(trackEvent.trackAsync(any())).thenThrow(new IllegalStateException("secret internal detail"));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 500);
        assertThat(errorMessage(response)).isEqualTo("Internal server error");
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void anUnexpectedFailureOfTheStageIs500WithAGenericMessage() {
        when(trackEvent.trackAsync(any())).thenReturn(
                CompletableFuture.failedFuture(new IllegalStateException("secret internal detail")));

        HttpResponse<String> response = post(SDK_PAGEVIEW, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 500);
        assertThat(errorMessage(response)).isEqualTo("Internal server error");
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void xmlBodyIsRefusedWith415() {
        HttpResponse<String> response = post("<event/>", MediaType.APPLICATION_XML_TYPE);

        assertErrorEnvelope(response, 415);
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void formBodyIsRefusedWith415() {
        HttpResponse<String> response = post("websiteId=dfid_1", MediaType.APPLICATION_FORM_URLENCODED_TYPE);

        assertErrorEnvelope(response, 415);
    }

    @Test
    void getOnTheTrackingRouteIs405() {
        HttpResponse<String> response = exchange(HttpRequest.GET("/api/events"));

        assertErrorEnvelope(response, 405);
    }

    @Test
    void bodyOver64KibIsRefusedWith413() {
        String body = SDK_PAGEVIEW.replace("\"extraData\":{}", "\"extraData\":{\"pad\":\"" + "x".repeat(65 * 1024) + "\"}");

        HttpResponse<String> response = post(body, MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 413);
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void bodyJustUnder64KibIsNotRefusedForSize() {
        String prefix = SDK_PAGEVIEW.substring(0, SDK_PAGEVIEW.indexOf("\"extraData\"")) + "\"extraData\":{\"pad\":\"";
        String suffix = "\"}}";
        String padding = "x".repeat(64 * 1024 - 100 - prefix.length() - suffix.length());
        String body = prefix + padding + suffix;
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(64 * 1024 - 200, 64 * 1024 - 1);

        HttpResponse<String> response = post(body, MediaType.APPLICATION_JSON_TYPE);

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(trackedCommand().extraData().get("pad").length()).isEqualTo(padding.length());
    }

    @Test
    void forwardedForFromTheLoopbackProxyNamesTheClient() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/events", SDK_PAGEVIEW)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Forwarded-For", "198.51.100.23, 203.0.113.9"));

        assertThat(response.code()).isEqualTo(200);
        // loopback is a trusted proxy, 203.0.113.9 is not: it is the client
        assertThat(trackedCommand().clientIp()).isEqualTo("203.0.113.9");
    }

    @Test
    void realIpHeaderFromLoopbackIsIgnoredUnlessLoopbackIsAConfiguredProxy() {
        exchange(HttpRequest.POST("/api/events", SDK_PAGEVIEW)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("x-datafast-real-ip", "2001:db8::7"));

        // without X-Forwarded-For a local proxy passes the client's own header through: it names nobody
        assertThat(trackedCommand().clientIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void browserPreflightFromAnyOriginIsAllowed() {
        // what Chrome sends before a fetch() with Content-Type: application/json from https://example.com
        HttpResponse<String> response = exchange(HttpRequest.OPTIONS("/api/events")
                .header(HttpHeaders.ORIGIN, "https://example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .header(HttpHeaders.ACCEPT, "*/*")
                .header("Sec-Fetch-Mode", "cors")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Dest", "empty")
                .header(HttpHeaders.REFERER, "https://example.com/")
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (Macintosh) Chrome/121.0"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isIn("https://example.com", "*");
        assertThat(response.getHeaders().getAll(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS))
                .anySatisfy(methods -> assertThat(methods).contains("POST"));
        assertThat(String.join(",", response.getHeaders().getAll(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)))
                .containsIgnoringCase("content-type");
        verify(trackEvent, never()).trackAsync(any());
    }

    @Test
    void preflightForAMethodTheRouteDoesNotAllowIsRefusedInTheEnvelope() {
        HttpResponse<String> response = exchange(HttpRequest.OPTIONS("/api/events")
                .header(HttpHeaders.ORIGIN, "https://example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE"));

        assertErrorEnvelope(response, 403);
        assertThat(response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
    }

    @Test
    void crossOriginPostIsAnsweredWithAllowOrigin() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/events", SDK_PAGEVIEW)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ORIGIN, "https://shop.example.org"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isIn("https://shop.example.org", "*");
    }

    @Test
    void crossOriginErrorIsReadableByTheBrowser() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/events", "{")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ORIGIN, "https://shop.example.org"));

        assertErrorEnvelope(response, 400);
        assertThat(response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isIn("https://shop.example.org", "*");
    }
}
