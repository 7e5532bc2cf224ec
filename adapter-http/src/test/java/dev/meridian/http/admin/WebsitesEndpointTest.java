package dev.meridian.http.admin;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.fieldNames;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.ApiKeySummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.IssuedApiKey;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.Website;
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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
class WebsitesEndpointTest {

    static final String ADMIN = "Bearer dft_admin";
    static final String WEBSITE_KEY = "Bearer df_site_key";
    static final Caller ADMIN_CALLER = new Caller.Account(
            new AccountToken("cd".repeat(32), Set.of(Permission.ALL), Set.of(), Instant.EPOCH));
    static final Caller KEY_CALLER = new Caller.WebsiteKey("65f1c0ffee0000000000abcd");
    static final Website SHOP = new Website("65f1c0ffee0000000000abcd", "dfid_7Yx2kq9Lm3", "shop.example.com", null,
            "USD", "UTC", List.of(), Instant.parse("2026-02-06T05:00:00Z"));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    ManageWebsites manageWebsites;

    @Inject
    CountRobots countRobots;

    @BeforeEach
    void knowAnAdminTokenAndAWebsiteKey() {
        reset(authenticate, manageWebsites, countRobots);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            String header = call.getArgument(0);
            if (ADMIN.equals(header)) {
                return ADMIN_CALLER;
            } else if (WEBSITE_KEY.equals(header)) {
                return KEY_CALLER;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        doThrow(new ForbiddenException("A website key cannot administer websites"))
                .when(authenticate).require(any(Caller.WebsiteKey.class), any());
    }

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    private HttpResponse<String> createWebsite(String authorization, String body, MediaType contentType) {
        return exchange(HttpRequest.POST("/api/v1/admin/websites", body).contentType(contentType)
                .header(HttpHeaders.AUTHORIZATION, authorization));
    }

    @Test
    void createdWebsiteIsAnsweredWithItsIdsAndSettings() {
        when(manageWebsites.create(new NewWebsite("shop.example.com", null, null, "UTC"))).thenReturn(SHOP);

        HttpResponse<String> response = createWebsite(ADMIN, "{\"domain\":\"shop.example.com\",\"timezone\":\"UTC\"}",
                MediaType.APPLICATION_JSON_TYPE);

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.get("status").asText()).isEqualTo("success");
        JsonNode data = body.get("data");
        assertThat(fieldNames(data)).containsExactly("websiteId", "trackingId", "domain", "name", "currency",
                "timezone", "createdAt");
        assertThat(data.get("websiteId").asText()).isEqualTo("65f1c0ffee0000000000abcd");
        assertThat(data.get("trackingId").asText()).isEqualTo("dfid_7Yx2kq9Lm3");
        assertThat(data.get("name").isNull()).isTrue();
        assertThat(data.get("createdAt").asText()).isEqualTo("2026-02-06T05:00:00.000Z");
        verify(authenticate).require(ADMIN_CALLER, Permission.WEBSITES_WRITE);
    }

    @Test
    void websiteKeyMayNotCreateWebsites() {
        HttpResponse<String> response = createWebsite(WEBSITE_KEY, "{\"domain\":\"x.com\"}", MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 403);
        verify(manageWebsites, never()).create(any());
    }

    @Test
    void missingCredentialIs401() {
        HttpResponse<String> response = exchange(HttpRequest.POST("/api/v1/admin/websites", "{\"domain\":\"x.com\"}"));

        assertErrorEnvelope(response, 401);
        verify(manageWebsites, never()).create(any());
    }

    @Test
    void domainOfTheWrongTypeIs400NamingIt() {
        HttpResponse<String> response = createWebsite(ADMIN, "{\"domain\":[\"x.com\"]}", MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).startsWith("domain must be a string");
    }

    @Test
    void invalidDomainReportedByCoreIs400NamingIt() {
        when(manageWebsites.create(any())).thenThrow(new InvalidInputException("domain", "domain must be a host name"));

        HttpResponse<String> response = createWebsite(ADMIN, "{\"domain\":\"not a domain\"}", MediaType.APPLICATION_JSON_TYPE);

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).isEqualTo("domain must be a host name");
    }

    @Test
    void emptyBodyIs400() {
        assertErrorEnvelope(createWebsite(ADMIN, "", MediaType.APPLICATION_JSON_TYPE), 400);
    }

    @Test
    void xmlBodyIs415() {
        assertErrorEnvelope(createWebsite(ADMIN, "<website/>", MediaType.APPLICATION_XML_TYPE), 415);
        verify(manageWebsites, never()).create(any());
    }

    @Test
    void formBodyIs415() {
        assertErrorEnvelope(createWebsite(ADMIN, "domain=x.com", MediaType.APPLICATION_FORM_URLENCODED_TYPE), 415);
    }

    @Test
    void textBodyIs415OnAdminRoutes() {
        assertErrorEnvelope(createWebsite(ADMIN, "{\"domain\":\"x.com\"}", MediaType.TEXT_PLAIN_TYPE), 415);
    }

    @Test
    void newApiKeyIsShownOnceWithItsIdPrefixAndTime() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_WRITE, SHOP.id())).thenReturn(SHOP.id());
        when(manageWebsites.issueApiKey(SHOP.id())).thenReturn(new IssuedApiKey("65f1c0ffee00000000000001",
                "df_0123456789abcdef", "df_01234", Instant.parse("2026-02-06T05:27:20Z")));

        HttpResponse<String> response = exchange(HttpRequest.POST("/api/v1/admin/websites/65f1c0ffee0000000000abcd/api-keys", "")
                .header(HttpHeaders.AUTHORIZATION, ADMIN));

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).toString()).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"key\":\"df_0123456789abcdef\",\"keyId\":\"65f1c0ffee00000000000001\",\"prefix\":\"df_01234\","
                + "\"createdAt\":\"2026-02-06T05:27:20.000Z\"}}");
        verify(authenticate).require(ADMIN_CALLER, Permission.WEBSITES_WRITE);
    }

    @Test
    void aKeyIsMadeOnlyForAWebsiteTheTokenReaches() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_WRITE, SHOP.id()))
                .thenThrow(new ForbiddenException("this token has no access to website " + SHOP.id()));

        assertErrorEnvelope(exchange(HttpRequest.POST("/api/v1/admin/websites/" + SHOP.id() + "/api-keys", "")
                .header(HttpHeaders.AUTHORIZATION, ADMIN)), 403);
        verify(manageWebsites, never()).issueApiKey(any());
    }

    @Test
    void aKeyRequestWhoseBodyIsNotAJsonObjectIs400() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_WRITE, SHOP.id())).thenReturn(SHOP.id());

        assertErrorEnvelope(exchange(HttpRequest.POST("/api/v1/admin/websites/" + SHOP.id() + "/api-keys", "[1,")
                .header(HttpHeaders.AUTHORIZATION, ADMIN)), 400);
        verify(manageWebsites, never()).issueApiKey(any());
    }

    @Test
    void keysAreListedByIdPrefixAndTimeOnly() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_READ, SHOP.id())).thenReturn(SHOP.id());
        when(manageWebsites.apiKeys(SHOP.id())).thenReturn(List.of(
                new ApiKeySummary("65f1c0ffee00000000000001", "df_01234", Instant.parse("2026-02-06T05:27:20Z"))));

        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/admin/websites/" + SHOP.id() + "/api-keys")
                .header(HttpHeaders.AUTHORIZATION, ADMIN));

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).get("data").toString()).isEqualTo("[{\"keyId\":\"65f1c0ffee00000000000001\","
                + "\"prefix\":\"df_01234\",\"createdAt\":\"2026-02-06T05:27:20.000Z\"}]");
        verify(authenticate).require(ADMIN_CALLER, Permission.WEBSITES_READ);
    }

    @Test
    void revokingAKeyNeedsWebsitesWriteAndSaysSo() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_WRITE, SHOP.id())).thenReturn(SHOP.id());

        HttpResponse<String> response = exchange(HttpRequest.DELETE(
                "/api/v1/admin/websites/" + SHOP.id() + "/api-keys/65f1c0ffee00000000000001")
                .header(HttpHeaders.AUTHORIZATION, ADMIN));

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).get("data").toString())
                .isEqualTo("{\"keyId\":\"65f1c0ffee00000000000001\",\"revoked\":true}");
        verify(authenticate).require(ADMIN_CALLER, Permission.WEBSITES_WRITE);
        verify(manageWebsites).revokeApiKey(SHOP.id(), "65f1c0ffee00000000000001");
    }

    @Test
    void revokingAnUnknownKeyIs404AndAWebsiteKeyMayNotRevoke() {
        when(authenticate.websiteFor(ADMIN_CALLER, Permission.WEBSITES_WRITE, SHOP.id())).thenReturn(SHOP.id());
        doThrow(new NotFoundException("API key not found: x")).when(manageWebsites).revokeApiKey(SHOP.id(), "x");

        assertErrorEnvelope(exchange(HttpRequest.DELETE("/api/v1/admin/websites/" + SHOP.id() + "/api-keys/x")
                .header(HttpHeaders.AUTHORIZATION, ADMIN)), 404);
        assertErrorEnvelope(exchange(HttpRequest.DELETE("/api/v1/admin/websites/" + SHOP.id() + "/api-keys/x")
                .header(HttpHeaders.AUTHORIZATION, WEBSITE_KEY)), 403);
    }

    @Test
    void apiKeyForAnUnknownWebsiteIs404() {
        when(authenticate.websiteFor(any(), any(), anyString()))
                .thenThrow(new NotFoundException("website not found: 000000000000000000000000"));

        assertErrorEnvelope(exchange(HttpRequest.POST("/api/v1/admin/websites/000000000000000000000000/api-keys", "")
                .header(HttpHeaders.AUTHORIZATION, ADMIN)), 404);
    }

    @Test
    void listShowsEachWebsitesRobotRequestsInAllAndToday() {
        Website other = new Website("65f1c0ffee0000000000abce", "dfid_other", "other.example.com", null, "USD", "UTC",
                List.of(), Instant.parse("2026-02-07T05:00:00Z"));
        when(manageWebsites.list(ADMIN_CALLER)).thenReturn(List.of(SHOP, other));
        when(countRobots.robotsOf(SHOP.id())).thenReturn(new RobotCount(42, 7));
        when(countRobots.robotsOf(other.id())).thenReturn(RobotCount.NONE);

        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/admin/websites").header(HttpHeaders.AUTHORIZATION, ADMIN));

        JsonNode data = json(response.body()).get("data");
        assertThat(fieldNames(data.get(0))).containsExactly("websiteId", "trackingId", "domain", "name", "currency",
                "timezone", "createdAt", "robots");
        assertThat(data.get(0).get("robots").toString()).isEqualTo("{\"total\":42,\"today\":7}");
        assertThat(data.get(1).get("robots").toString()).isEqualTo("{\"total\":0,\"today\":0}");
    }

    @Test
    void listNeedsWebsitesReadAndShowsTheCallersWebsites() {
        when(manageWebsites.list(ADMIN_CALLER)).thenReturn(List.of(SHOP));

        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/admin/websites").header(HttpHeaders.AUTHORIZATION, ADMIN));

        assertThat(response.code()).isEqualTo(200);
        JsonNode data = json(response.body()).get("data");
        assertThat(data.isArray()).isTrue();
        assertThat(data).hasSize(1);
        assertThat(data.get(0).get("domain").asText()).isEqualTo("shop.example.com");
        verify(authenticate).require(ADMIN_CALLER, Permission.WEBSITES_READ);
    }

    @Test
    void listWithAWebsiteKeyIs403() {
        assertErrorEnvelope(exchange(HttpRequest.GET("/api/v1/admin/websites").header(HttpHeaders.AUTHORIZATION, WEBSITE_KEY)), 403);
        verify(manageWebsites, never()).list(any());
    }

    @Test
    void bodyOver64KibIs413OnAdminRoutesToo() {
        String body = "{\"domain\":\"x.com\",\"name\":\"" + "n".repeat(65 * 1024) + "\"}";

        assertErrorEnvelope(createWebsite(ADMIN, body, MediaType.APPLICATION_JSON_TYPE), 413);
        verify(manageWebsites, never()).create(any());
    }

    @Test
    void deleteOnTheWebsitesRouteIs405() {
        assertErrorEnvelope(exchange(HttpRequest.DELETE("/api/v1/admin/websites").header(HttpHeaders.AUTHORIZATION, ADMIN)), 405);
    }
}
