package dev.meridian.http.realtime;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.PaymentType;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.RecentPayment;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class RealtimeMapEndpointTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final String TOKEN = "Bearer dft_account_token";
    static final Caller ACCOUNT = new Caller.Account(
            new AccountToken("ab".repeat(32), Set.of(Permission.ANALYTICS_READ), Set.of(), Instant.EPOCH));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    GetRealtimeMap getRealtimeMap;

    @BeforeEach
    void knowOneAccountToken() {
        reset(authenticate, getRealtimeMap);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if (TOKEN.equals(call.getArgument(0))) {
                return ACCOUNT;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        when(authenticate.websiteFor(eq(ACCOUNT), eq(Permission.ANALYTICS_READ), any())).thenReturn(WEBSITE_ID);
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(ExampleMap.withModel());
    }

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    private HttpResponse<String> getMap(String query) {
        return exchange(HttpRequest.GET("/api/v1/analytics/realtime/map" + query).header(HttpHeaders.AUTHORIZATION, TOKEN));
    }

    @Test
    void websiteIdQueryParameterIsPassedToWebsiteFor() {
        assertThat(getMap("?websiteId=" + WEBSITE_ID).code()).isEqualTo(200);

        verify(authenticate).websiteFor(ACCOUNT, Permission.ANALYTICS_READ, WEBSITE_ID);
        verify(getRealtimeMap).forWebsite(WEBSITE_ID);
    }

    @Test
    void snakeCaseWebsiteIdQueryParameterIsAcceptedToo() {
        assertThat(getMap("?website_id=" + WEBSITE_ID).code()).isEqualTo(200);

        verify(authenticate).websiteFor(ACCOUNT, Permission.ANALYTICS_READ, WEBSITE_ID);
    }

    @Test
    void withoutWebsiteIdTheCredentialDecides() {
        assertThat(getMap("").code()).isEqualTo(200);

        verify(authenticate).websiteFor(eq(ACCOUNT), eq(Permission.ANALYTICS_READ), isNull());
    }

    @Test
    void authorizationHeaderIsHandedToAuthenticateAsSent() {
        getMap("");

        verify(authenticate).authenticate(TOKEN);
    }

    @Test
    void missingCredentialIs401() {
        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/analytics/realtime/map"));

        assertErrorEnvelope(response, 401);
        verify(authenticate).authenticate(isNull());
        verify(getRealtimeMap, never()).forWebsite(anyString());
    }

    @Test
    void invalidBearerIs401WithoutEchoingTheCredential() {
        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/analytics/realtime/map")
                .header(HttpHeaders.AUTHORIZATION, "Bearer df_wrong_key_123"));

        assertErrorEnvelope(response, 401);
        assertThat(response.body()).doesNotContain("df_wrong_key_123");
        verify(getRealtimeMap, never()).forWebsite(anyString());
    }

    @Test
    void tokenWithoutAccessToTheWebsiteIs403() {
        when(authenticate.websiteFor(ACCOUNT, Permission.ANALYTICS_READ, "65f1c0ffee0000000000ffff"))
                .thenThrow(new ForbiddenException("This token has no access to website 65f1c0ffee0000000000ffff"));

        HttpResponse<String> response = getMap("?websiteId=65f1c0ffee0000000000ffff");

        assertErrorEnvelope(response, 403);
        assertThat(errorMessage(response)).isEqualTo("This token has no access to website 65f1c0ffee0000000000ffff");
    }

    @Test
    void unknownWebsiteIs404() {
        when(authenticate.websiteFor(ACCOUNT, Permission.ANALYTICS_READ, "000000000000000000000000"))
                .thenThrow(new NotFoundException("No website 000000000000000000000000"));

        assertErrorEnvelope(getMap("?websiteId=000000000000000000000000"), 404);
    }

    @Test
    void accountTokenWithoutWebsiteIdIs400NamingTheParameter() {
        when(authenticate.websiteFor(eq(ACCOUNT), eq(Permission.ANALYTICS_READ), isNull()))
                .thenThrow(new InvalidInputException("websiteId", "websiteId is required with an account token"));

        HttpResponse<String> response = getMap("");

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).contains("websiteId");
    }

    @Test
    void unavailableStorageIs503WithRetryAfter() {
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenThrow(new StorageUnavailableException("down", null));

        HttpResponse<String> response = getMap("");

        assertErrorEnvelope(response, 503);
        assertThat(response.header(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void theLimitQueryParameterIsHandedToTheUseCaseAndCountIsTheTotalItAnswers() {
        RealtimeMap example = ExampleMap.withModel();
        when(getRealtimeMap.forWebsite(WEBSITE_ID, 1)).thenReturn(new RealtimeMap(example.visitors(),
                example.conversionMetrics(), example.recentEvents(), example.recentPayments(), 2_503));

        JsonNode data = json(getMap("?limit=1").body()).get("data");

        verify(getRealtimeMap).forWebsite(WEBSITE_ID, 1);
        assertThat(data.get("count").asInt()).isEqualTo(2_503);
        assertThat(data.get("visitors")).hasSize(1);
    }

    @Test
    void aLimitThatIsNoWholeNumberIs400NamingLimitAndTheMapIsNotRead() {
        for (String limit : List.of("abc", "-1", "1.5", "1e3", "99999999999", "%00")) {
            HttpResponse<String> response = getMap("?limit=" + limit);

            assertErrorEnvelope(response, 400);
            assertThat(errorMessage(response)).as(limit).startsWith("limit must be a whole number from 1 to 10000");
        }
        verify(getRealtimeMap, never()).forWebsite(anyString());
        verify(getRealtimeMap, never()).forWebsite(anyString(), org.mockito.ArgumentMatchers.anyInt());
    }

    @Test
    void aLimitOutOfRangeIsTheUseCasesRefusal() {
        when(getRealtimeMap.forWebsite(WEBSITE_ID, 10_001))
                .thenThrow(new InvalidInputException("limit", "limit must be between 1 and 10000, got 10001"));

        HttpResponse<String> response = getMap("?limit=10001");

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).isEqualTo("limit must be between 1 and 10000, got 10001");
    }

    @Test
    void postOnTheMapRouteIs405() {
        assertErrorEnvelope(exchange(HttpRequest.POST("/api/v1/analytics/realtime/map", "{}")
                .header(HttpHeaders.AUTHORIZATION, TOKEN)), 405);
    }

    @Test
    void unknownApiRouteWithAValidCredentialIs404() {
        assertErrorEnvelope(exchange(HttpRequest.GET("/api/v1/analytics/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, TOKEN)), 404);
    }

    @Test
    void numbersAreRoundedHalfUpAtWriteTimeAndWrittenAsPlainNumbers() {
        ConversionLikelihood unrounded = new ConversionLikelihood(71, 0.76250, false, List.of("device"),
                0.00565, 246.985, 1.0);
        Map<String, String> goalParams = new LinkedHashMap<>();
        goalParams.put("eventName", "signup");
        goalParams.put("plan", "");
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(new RealtimeMap(
                List.of(ExampleMap.visitor(unrounded)),
                new ConversionMetrics(0.00444, 100.0),
                List.of(new RecentEvent("69857bb827ddefd472fb2b0a", EventType.CUSTOM, ExampleMap.VISITOR_ID,
                        Instant.parse("2026-02-06T05:27:21.123456Z"), "/signup", null, goalParams, null, null, null)),
                List.of(new RecentPayment("69857bb827ddefd472fb2b13", PaymentType.FREE_TRIAL,
                        Instant.parse("2026-02-06T05:26:10Z"), null, null, new BigDecimal("49.5"), "EUR", true,
                        "Ada", true, false),
                        new RecentPayment("69857bb827ddefd472fb2b14", PaymentType.PAYMENT_RECEIVED,
                        Instant.parse("2026-02-06T05:25:10.5Z"), null, null, new BigDecimal("100.005"), "EUR", false,
                        null, false, false))));

        String body = getMap("").body();

        assertThat(body).contains("\"confidence\":0.763,", "\"conversionRate\":0.0057,", "\"averageValue\":246.99,",
                "\"expectedValue\":1}", "\"baselineConversionRate\":0.0044,", "\"baselineAverageValue\":100}",
                "\"amount\":49.5,", "\"amount\":100.01,");
        JsonNode data = json(body).get("data");
        JsonNode event = data.get("recentEvents").get(0);
        assertThat(event.get("type").asText()).isEqualTo("custom");
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-02-06T05:27:21.123Z");
        assertThat(event.get("extraData").toString()).isEqualTo("{\"eventName\":\"signup\",\"plan\":\"\"}");
        assertThat(event.get("amount").isNull()).isTrue();
        JsonNode trial = data.get("recentPayments").get(0);
        assertThat(trial.get("type").asText()).isEqualTo("free_trial");
        assertThat(trial.get("renewal").booleanValue()).isTrue();
        assertThat(data.get("recentPayments").get(1).get("timestamp").asText()).isEqualTo("2026-02-06T05:25:10.500Z");
    }
}
