package dev.meridian.http.realtime;

import static dev.meridian.http.Envelopes.assertSameShape;
import static dev.meridian.http.Envelopes.fieldNames;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The realtime map as a client receives it, compared with the published example
 * (test resource {@code contract/realtime-map.example.json}) key by key and type by type.
 */
@MicronautTest
class RealtimeMapContractTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final Caller CALLER = new Caller.WebsiteKey(WEBSITE_ID);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    GetRealtimeMap getRealtimeMap;

    @BeforeEach
    void authenticateTheWebsiteKey() {
        reset(authenticate, getRealtimeMap);
        when(authenticate.authenticate("Bearer df_example")).thenReturn(CALLER);
        when(authenticate.websiteFor(eq(CALLER), eq(Permission.ANALYTICS_READ), any())).thenReturn(WEBSITE_ID);
    }

    private JsonNode fetchMap() {
        HttpResponse<String> response = client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/map").header(HttpHeaders.AUTHORIZATION, "Bearer df_example"),
                Argument.STRING, Argument.STRING);
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void mapWithEveryFieldMatchesThePublishedExampleKeyByKeyAndTypeByType() {
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(ExampleMap.withModel());
        JsonNode expected = json(ContractExample.read());

        JsonNode actual = fetchMap();

        assertSameShape("$", expected, actual);
        // the example says count 2 beside a single visitor; API.md defines count = visitors.length
        assertThat(actual.get("data").get("count").intValue()).isEqualTo(1);
        ((ObjectNode) expected.get("data")).set("count", IntNode.valueOf(1));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void mapWithoutConversionModelLeavesOutLikelihoodAndMetrics() {
        when(getRealtimeMap.forWebsite(WEBSITE_ID)).thenReturn(ExampleMap.withoutModel());
        JsonNode expected = json(ContractExample.read());
        ObjectNode expectedData = (ObjectNode) expected.get("data");
        expectedData.set("count", IntNode.valueOf(1));
        expectedData.remove("conversionMetrics");
        expectedData.put("hasConversionPredictions", false);
        ((ObjectNode) expectedData.get("visitors").get(0)).remove("conversionLikelihood");

        JsonNode actual = fetchMap();

        JsonNode data = actual.get("data");
        assertThat(fieldNames(data)).doesNotContain("conversionMetrics");
        assertThat(data.get("hasConversionPredictions").isBoolean()).isTrue();
        assertThat(data.get("hasConversionPredictions").booleanValue()).isFalse();
        assertThat(fieldNames(data.get("visitors").get(0))).doesNotContain("conversionLikelihood");
        assertSameShape("$", expected, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void shapeCheckNoticesAMissingNull() {
        JsonNode expected = json("{\"a\":null,\"b\":{\"name\":\"x\"}}");
        List<AssertionError> failures = new ArrayList<>();
        for (String actual : List.of("{\"b\":{\"name\":\"x\"}}", "{\"a\":null,\"b\":\"x\"}", "{\"b\":{\"name\":\"x\"},\"a\":null}")) {
            try {
                assertSameShape("$", expected, json(actual));
            } catch (AssertionError e) {
                failures.add(e);
            }
        }
        assertThat(failures).hasSize(3);
    }
}
