package dev.meridian.http.imports;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class ImportEndpointTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final String KEY = "Bearer df_website_key";
    static final MediaType NDJSON = new MediaType(ImportController.NDJSON);

    static final String PAGEVIEW = "{\"type\":\"pageview\",\"timestamp\":\"2026-01-10T09:00:00.000Z\","
            + "\"visitorId\":\"0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f\",\"sessionId\":\"s9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d\","
            + "\"href\":\"https://example.com/\",\"referrer\":null,\"latitude\":48.85,\"extraData\":{\"eventName\":\"x\",\"n\":2}}";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    ImportHistory importHistory;

    /** What the use case was handed, line by line (it reads them as the body streams in). */
    final List<ImportLine> received = new ArrayList<>();

    @BeforeEach
    void aWebsiteKeyAndAUseCaseThatReadsEveryLine() {
        reset(authenticate, importHistory);
        received.clear();
        when(authenticate.authenticate(KEY)).thenReturn(new Caller.WebsiteKey(WEBSITE_ID));
        when(authenticate.websiteFor(any(), eq(Permission.WEBSITES_WRITE), any())).thenReturn(WEBSITE_ID);
        when(importHistory.run(anyString(), any())).thenAnswer(invocation -> {
            Iterator<ImportLine> lines = invocation.getArgument(1);
            lines.forEachRemaining(received::add);
            return new ImportReport(received.size() - 1, 1, received.size() - 1, 0, 0, 0,
                    List.of(new ImportReport.Rejection(2, "href is required")));
        });
    }

    private HttpResponse<String> post(String authorization, String body, MediaType type, String query) {
        var request = HttpRequest.POST("/api/v1/import" + query, body).contentType(type);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    @Test
    void ndjsonLinesAreHandedToTheImportAndTheCountsAndRejectionsAnswered() {
        HttpResponse<String> response = post(KEY, PAGEVIEW + "\n{\"type\":\"pageview\"}\r\n" + PAGEVIEW, NDJSON, "");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        JsonNode data = json(response.body()).get("data");
        assertThat(data.get("accepted").asLong()).isEqualTo(2);
        assertThat(data.get("rejected").asLong()).isEqualTo(1);
        assertThat(data.get("rejections").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(data.get("rejections").get(0).get("reason").asText()).isEqualTo("href is required");
        verify(importHistory).run(eq(WEBSITE_ID), any());
        assertThat(received).extracting(ImportLine::number).containsExactly(1L, 2L, 3L);
        assertThat(received.get(0).fields()).containsEntry("latitude", "48.85").doesNotContainKey("referrer");
        assertThat(received.get(0).extraData()).containsEntry("eventName", "x").containsEntry("n", "2");
        assertThat(received.get(1).text()).isEqualTo("{\"type\":\"pageview\"}");
    }

    @Test
    void aBodyFarOver64KibStreamsThrough() {
        StringBuilder body = new StringBuilder();
        int lines = 3_000;
        for (int i = 0; i < lines; i++) {
            body.append(PAGEVIEW).append('\n');
        }
        assertThat(body.length()).isGreaterThan(10 * 64 * 1024);

        HttpResponse<String> response = post(KEY, body.toString(), NDJSON, "");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(received).hasSize(lines);
    }

    @Test
    void aBodyThatIsNotNdjsonIs415() {
        assertErrorEnvelope(post(KEY, PAGEVIEW, MediaType.APPLICATION_JSON_TYPE, ""), 415);
        verify(importHistory, never()).run(anyString(), any());
    }

    @Test
    void noCredentialIs401AndNothingIsImported() {
        when(authenticate.authenticate(null)).thenThrow(new UnauthorizedException("missing credentials"));

        assertErrorEnvelope(post(null, PAGEVIEW, NDJSON, ""), 401);
        verify(importHistory, never()).run(anyString(), any());
    }

    @Test
    void anAccountTokenNeedsWebsitesWriteAndNamesTheWebsite() {
        when(authenticate.authenticate("Bearer dft_token")).thenReturn(new Caller.Account(null));
        when(authenticate.websiteFor(any(Caller.Account.class), eq(Permission.WEBSITES_WRITE), eq(WEBSITE_ID)))
                .thenThrow(new ForbiddenException("this token lacks the permission websites:write"));

        HttpResponse<String> response = post("Bearer dft_token", PAGEVIEW, NDJSON, "?websiteId=" + WEBSITE_ID);

        assertErrorEnvelope(response, 403);
        assertThat(errorMessage(response)).contains("websites:write");
        verify(importHistory, never()).run(anyString(), any());
    }

    @Test
    void unreadableLinesAreHandedOnWithTheirReason() {
        post(KEY, "{\"type\":\n[1,2]\n{\"href\":{\"a\":1}}\n\n{\"extraData\":[1]}", NDJSON, "");

        assertThat(received).extracting(ImportLine::number).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(received.get(0).unreadable()).startsWith("line is not valid JSON");
        assertThat(received.get(1).unreadable()).isEqualTo("line must be one JSON object");
        assertThat(received.get(2).unreadable()).isEqualTo("href must be a string, number or boolean");
        assertThat(received.get(3).unreadable()).isNull();
        assertThat(received.get(3).fields()).isEmpty();
        assertThat(received.get(4).unreadable()).isEqualTo("extraData must be an object");
    }

    @Test
    void aLineLongerThanTheLimitIsUnreadableAndTheNextOneIsRead() {
        String huge = "{\"href\":\"" + "a".repeat(NdjsonLines.MAX_LINE_LENGTH) + "\"}";

        post(KEY, huge + "\n" + PAGEVIEW, NDJSON, "");

        assertThat(received).hasSize(2);
        assertThat(received.get(0).unreadable()).contains("longer than");
        assertThat(received.get(1).unreadable()).isNull();
    }
}
