package dev.meridian.http.visitors;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.assertSameShape;
import static dev.meridian.http.Envelopes.fieldNames;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.in.ListVisitors;
import dev.meridian.ports.in.VisitorListRequest;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.Viewport;
import dev.meridian.ports.model.VisitorJourney;
import dev.meridian.ports.model.VisitorList;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Both visitor routes as a client receives them (API.md §9), compared with the examples written from §9's text (test
 * resources {@code contract/visitor-journey.example.json}, {@code contract/visitors-list.example.json}) key by key and
 * type by type; the credentials and errors of the map's routes.
 */
@MicronautTest
class VisitorsContractTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final String VISITOR = "8c2f7a4e-5b1d-4e6f-9a3c-2d4e6f8a0b1c";
    static final Caller CALLER = new Caller.WebsiteKey(WEBSITE_ID);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    GetVisitorJourney journeys;

    @Inject
    ListVisitors lists;

    @BeforeEach
    void authenticateTheWebsiteKey() {
        reset(authenticate, journeys, lists);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if ("Bearer df_example".equals(call.getArgument(0))) {
                return CALLER;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        when(authenticate.websiteFor(eq(CALLER), eq(Permission.ANALYTICS_READ), any())).thenReturn(WEBSITE_ID);
    }

    private HttpResponse<String> get(String uri) {
        return client.toBlocking().exchange(HttpRequest.GET(uri).header(HttpHeaders.AUTHORIZATION, "Bearer df_example"),
                Argument.STRING, Argument.STRING);
    }

    private JsonNode ok(String uri) {
        HttpResponse<String> response = get(uri);
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    static String example(String name) {
        String resource = "contract/" + name;
        try (InputStream in = VisitorsContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The journey of the example, as the use case returns it. */
    static VisitorJourney exampleJourney(boolean identified, boolean predicted) {
        return new VisitorJourney(VISITOR,
                new VisitorJourney.Identity(new Location("Boulder", "US-CO", "US", 40.015, -105.2705),
                        new SystemInfo("Chrome", "Mac OS", "desktop"),
                        new DeviceDetails("126", null, "Apple", "Macintosh"), new Viewport(1440, 900),
                        new TrackingParams(null, null, null, "google", "cpc", "spring", null, null),
                        Map.of("gclid", "Cj0KCQiA")),
                new VisitorJourney.Activity(3, 12, 259_200_000L, 600_000L, Instant.parse("2026-02-03T05:27:20Z"),
                        Instant.parse("2026-02-06T05:27:20Z"), "example.com/pricing",
                        List.of(new VisitorJourney.VisitedPage("example.com/", Instant.parse("2026-02-03T05:27:20Z")),
                                new VisitorJourney.VisitedPage("example.com/pricing",
                                        Instant.parse("2026-02-06T05:27:20Z"))),
                        List.of(new VisitorJourney.CompletedGoal("signup", Instant.parse("2026-02-04T10:00:00Z"),
                                        VisitorJourney.CompletedGoal.MANUAL),
                                new VisitorJourney.CompletedGoal("payment", Instant.parse("2026-02-05T10:00:00Z"),
                                        VisitorJourney.CompletedGoal.PAYMENT_PROVIDER))),
                identified ? new VisitorJourney.IdentifiedProfile("u-42",
                        new java.util.LinkedHashMap<>(Map.of("name", "Ada Lovelace")) {
                            {
                                put("plan", "pro");
                            }
                        }, Instant.parse("2026-02-04T10:00:00Z")) : null,
                List.of(new Payment("65f1c0ffee0000000000ab01", WEBSITE_ID, "tx-1", new BigDecimal("29.5"), "USD",
                        Instant.parse("2026-02-05T10:00:00Z"), VISITOR, null, null, null, false, false)),
                predicted ? new ConversionLikelihood(82, 0.5, false, List.of("country"), 0.012345, 240.6, 2.97034)
                        : null);
    }

    @Test
    void journeyWithEveryFieldMatchesTheExampleKeyByKeyAndTypeByType() {
        when(journeys.forVisitor(WEBSITE_ID, VISITOR)).thenReturn(exampleJourney(true, true));
        JsonNode expected = json(example("visitor-journey.example.json"));

        JsonNode actual = ok("/api/v1/visitors/" + VISITOR);

        assertSameShape("$", expected, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aNeverIdentifiedVisitorHasNoProfileKeyAndACustomerANullPrediction() {
        when(journeys.forVisitor(WEBSITE_ID, VISITOR)).thenReturn(exampleJourney(false, false));
        JsonNode expected = json(example("visitor-journey.example.json"));
        ObjectNode data = (ObjectNode) expected.get("data");
        data.remove("profile");
        data.set("prediction", NullNode.getInstance());

        JsonNode actual = ok("/api/v1/visitors/" + VISITOR);

        assertThat(fieldNames(actual.get("data"))).doesNotContain("profile").contains("prediction");
        assertSameShape("$", expected, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void listMatchesTheExampleKeyByKeyAndTypeByType() {
        when(lists.forWebsite(eq(WEBSITE_ID), any())).thenReturn(new VisitorList(List.of(new VisitorList.Row(VISITOR,
                Instant.parse("2026-02-06T05:27:20Z"), "example.com/pricing", "US", "US-CO", "Boulder", "Chrome",
                "Mac OS", "desktop", "news.ycombinator.com", "google", null, "spring")), 100, 100, 201, true));
        JsonNode expected = json(example("visitors-list.example.json"));

        JsonNode actual = ok("/api/v1/visitors?offset=100");

        assertSameShape("$", expected, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyQueryParameterReachesTheUseCaseAsSent() {
        when(lists.forWebsite(eq(WEBSITE_ID), any())).thenReturn(new VisitorList(List.of(), 0, 100, 0, false));

        ok("/api/v1/visitors?startAt=2026-01-01&endAt=2026-01-31&limit=10&offset=20&page=%2Fpricing&country=US,FR"
                + "&device=mobile&browser=Chrome&os=iOS&referrer=google.com&utm_source=news&utm_campaign=spring"
                + "&goal=signup&isCustomer=true");

        ArgumentCaptor<VisitorListRequest> request = ArgumentCaptor.forClass(VisitorListRequest.class);
        verify(lists).forWebsite(eq(WEBSITE_ID), request.capture());
        assertThat(request.getValue()).isEqualTo(new VisitorListRequest("2026-01-01", "2026-01-31", "10", "20",
                "/pricing", "US,FR", "mobile", "Chrome", "iOS", "google.com", "news", "spring", "signup", "true"));
    }

    @Test
    void anInvalidIdOrParameterIsA400NamingIt() {
        when(journeys.forVisitor(WEBSITE_ID, "nope")).thenThrow(
                new InvalidInputException("visitorId", "visitorId must be a UUID v4"));
        when(lists.forWebsite(eq(WEBSITE_ID), any())).thenThrow(
                new InvalidInputException("limit", "limit must be from 1 to 250, got 251"));

        assertThat(assertErrorEnvelope(get("/api/v1/visitors/nope"), 400).get("error").get("message").asText())
                .contains("visitorId");
        assertThat(assertErrorEnvelope(get("/api/v1/visitors?limit=251"), 400).get("error").get("message").asText())
                .contains("limit");
    }

    @Test
    void aVisitorWithoutPageviewIsA404() {
        when(journeys.forVisitor(WEBSITE_ID, VISITOR)).thenThrow(new NotFoundException("visitor not found"));

        assertErrorEnvelope(get("/api/v1/visitors/" + VISITOR), 404);
    }

    @Test
    void missingCredentialsAre401AndAnotherWebsiteIs403() {
        HttpResponse<String> anonymous = client.toBlocking().exchange(HttpRequest.GET("/api/v1/visitors/" + VISITOR),
                Argument.STRING, Argument.STRING);
        assertErrorEnvelope(anonymous, 401);
        when(authenticate.websiteFor(eq(CALLER), eq(Permission.ANALYTICS_READ), eq("bbbbbbbbbbbbbbbbbbbbbbbb")))
                .thenThrow(new ForbiddenException("this key belongs to another website"));

        assertErrorEnvelope(get("/api/v1/visitors?websiteId=bbbbbbbbbbbbbbbbbbbbbbbb"), 403);
        assertErrorEnvelope(get("/api/v1/visitors/" + VISITOR + "?websiteId=bbbbbbbbbbbbbbbbbbbbbbbb"), 403);
    }
}
