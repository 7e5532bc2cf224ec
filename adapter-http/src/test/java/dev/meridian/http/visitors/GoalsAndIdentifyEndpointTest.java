package dev.meridian.http.visitors;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.RecordGoal;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

@MicronautTest
class GoalsAndIdentifyEndpointTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final String VISITOR = "b971cbbf-7ce2-4925-902b-8f95a5fb3449";
    static final String KEY = "Bearer df_site_key";
    static final String TOKEN = "Bearer dft_token";
    static final Caller KEY_CALLER = new Caller.WebsiteKey(WEBSITE_ID);
    static final Caller ACCOUNT = new Caller.Account(
            new AccountToken("ab".repeat(32), Set.of(Permission.ANALYTICS_READ), Set.of(), Instant.EPOCH));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    RecordGoal recordGoal;

    @Inject
    Identify identify;

    @BeforeEach
    void knowAKeyAndAToken() {
        reset(authenticate, recordGoal, identify);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if (KEY.equals(call.getArgument(0))) {
                return KEY_CALLER;
            } else if (TOKEN.equals(call.getArgument(0))) {
                return ACCOUNT;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        when(authenticate.websiteFor(eq(KEY_CALLER), any(), isNull())).thenReturn(WEBSITE_ID);
        when(recordGoal.record(any())).thenReturn("69857bb827ddefd472fb2b09");
        when(identify.identify(any())).thenReturn("69857bb827ddefd472fb2b10");
    }

    private HttpResponse<String> post(String path, String authorization, String body) {
        return client.toBlocking().exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization), Argument.STRING, Argument.STRING);
    }

    @Test
    void aGoalIsAnsweredWithItsEventIdInAList() {
        HttpResponse<String> response = post("/api/v1/goals", KEY,
                "{\"datafast_visitor_id\":\"" + VISITOR + "\",\"name\":\"Signup\"}");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).toString()).isEqualTo("{\"status\":\"success\",\"data\":[{\"message\":"
                + "\"Custom event created successfully\",\"eventId\":\"69857bb827ddefd472fb2b09\"}]}");
        verify(authenticate).websiteFor(KEY_CALLER, Permission.GOALS_WRITE, null);
    }

    @Test
    void aGoalsFieldsReachTheUseCaseAndVisitorIdIsAnAlias() {
        post("/api/v1/goals", KEY, "{\"visitorId\":\"" + VISITOR + "\",\"name\":\"Signup\",\"description\":\"d\","
                + "\"metadata\":{\"plan\":\"pro\",\"seats\":5,\"trial\":true}}");

        ArgumentCaptor<GoalCommand> sent = ArgumentCaptor.forClass(GoalCommand.class);
        verify(recordGoal).record(sent.capture());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("plan", "pro");
        metadata.put("seats", "5");
        metadata.put("trial", "true");
        assertThat(sent.getValue()).isEqualTo(new GoalCommand(WEBSITE_ID, VISITOR, "Signup", "d", metadata));
        assertThat(sent.getValue().metadata().keySet()).containsExactly("plan", "seats", "trial");
    }

    @Test
    void nestedMetadataIs400NamingTheEntry() {
        HttpResponse<String> response = post("/api/v1/goals", KEY,
                "{\"datafast_visitor_id\":\"" + VISITOR + "\",\"name\":\"x\",\"metadata\":{\"cart\":{\"items\":2}}}");

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).startsWith("metadata.cart must be");
        verify(recordGoal, never()).record(any());
    }

    @Test
    void aGoalForAVisitorWithoutAPageviewIs404() {
        when(recordGoal.record(any())).thenThrow(new NotFoundException("visitor not found"));

        assertErrorEnvelope(post("/api/v1/goals", KEY, "{\"datafast_visitor_id\":\"" + VISITOR + "\",\"name\":\"x\"}"), 404);
    }

    @Test
    void identifyIsAnsweredWithTheProfileId() {
        HttpResponse<String> response = post("/api/v1/identify", KEY,
                "{\"datafast_visitor_id\":\"" + VISITOR + "\",\"user_id\":\"u1\"}");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).toString()).isEqualTo("{\"status\":\"success\",\"data\":{\"message\":"
                + "\"User profile created successfully\",\"profileId\":\"69857bb827ddefd472fb2b10\"}}");
        verify(authenticate).websiteFor(KEY_CALLER, Permission.IDENTIFY_WRITE, null);
    }

    @Test
    void everyOtherTopLevelFieldOfIdentifyIsProfileMetadataInOrder() {
        post("/api/v1/identify", KEY, "{\"user_id\":\"u1\",\"datafast_visitor_id\":\"" + VISITOR
                + "\",\"name\":\"Ada\",\"age\":41,\"vip\":true,\"nothing\":null,\"email\":\"ada@example.com\"}");

        ArgumentCaptor<IdentifyCommand> sent = ArgumentCaptor.forClass(IdentifyCommand.class);
        verify(identify).identify(sent.capture());
        assertThat(sent.getValue().websiteId()).isEqualTo(WEBSITE_ID);
        assertThat(sent.getValue().visitorId()).isEqualTo(VISITOR);
        assertThat(sent.getValue().fields()).containsExactly(Map.entry("user_id", "u1"), Map.entry("name", "Ada"),
                Map.entry("age", "41"), Map.entry("vip", "true"), Map.entry("email", "ada@example.com"));
    }

    @Test
    void anIdentifyFieldThatIsAnObjectIs400NamingIt() {
        HttpResponse<String> response = post("/api/v1/identify", KEY,
                "{\"datafast_visitor_id\":\"" + VISITOR + "\",\"user_id\":\"u1\",\"address\":{\"city\":\"x\"}}");

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).startsWith("address must be");
        verify(identify, never()).identify(any());
    }

    @Test
    void eachRouteAsksForItsOwnPermission() {
        when(authenticate.websiteFor(eq(ACCOUNT), any(), any()))
                .thenThrow(new ForbiddenException("this token lacks the permission"));

        assertErrorEnvelope(post("/api/v1/goals?websiteId=" + WEBSITE_ID, TOKEN, "{}"), 403);
        assertErrorEnvelope(post("/api/v1/identify?website_id=" + WEBSITE_ID, TOKEN, "{}"), 403);

        verify(authenticate).websiteFor(ACCOUNT, Permission.GOALS_WRITE, WEBSITE_ID);
        verify(authenticate).websiteFor(ACCOUNT, Permission.IDENTIFY_WRITE, WEBSITE_ID);
        verify(recordGoal, never()).record(any());
        verify(identify, never()).identify(any());
    }
}
