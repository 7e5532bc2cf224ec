package dev.meridian.http.admin;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.fieldNames;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ports.error.ConflictException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.AccountTokenSummary;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedAccountToken;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.NewAccountToken;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
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
class AccountTokensEndpointTest {

    static final String ADMIN = "Bearer dft_admin";
    static final Caller ADMIN_CALLER = new Caller.Account(
            new AccountToken("cd".repeat(32), Set.of(Permission.ALL), Set.of(), Instant.EPOCH));
    static final String SITE = "65f1c0ffee0000000000abcd";
    static final String TOKEN = "dft_" + "ab".repeat(32);
    static final Instant CREATED = Instant.parse("2026-02-06T05:00:00Z");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    ManageAccountTokens accountTokens;

    @BeforeEach
    void knowAnAdminToken() {
        reset(authenticate, accountTokens);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if (ADMIN.equals(call.getArgument(0))) {
                return ADMIN_CALLER;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
    }

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        return client.toBlocking().exchange(request.header(HttpHeaders.AUTHORIZATION, ADMIN), Argument.STRING,
                Argument.STRING);
    }

    private HttpResponse<String> issue(String body) {
        return exchange(HttpRequest.POST("/api/v1/admin/tokens", body).contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    @Test
    void anIssuedTokenIsShownOnceWithItsIdPrefixPermissionsAndWebsites() {
        when(accountTokens.issueAccountToken(ADMIN_CALLER, new NewAccountToken(List.of("payments:write",
                "analytics:read"), List.of(SITE)))).thenReturn(new IssuedAccountToken("0123456789abcdef01234567", TOKEN,
                TOKEN.substring(0, 9), Set.of(Permission.ANALYTICS_READ, Permission.PAYMENTS_WRITE), Set.of(SITE),
                CREATED));

        HttpResponse<String> response = issue("{\"permissions\":[\"payments:write\",\"analytics:read\"],"
                + "\"websiteIds\":[\"" + SITE + "\"]}");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"token\":\"" + TOKEN + "\","
                + "\"tokenId\":\"0123456789abcdef01234567\",\"prefix\":\"dft_ababa\","
                + "\"permissions\":[\"analytics:read\",\"payments:write\"],\"websiteIds\":[\"" + SITE + "\"],"
                + "\"createdAt\":\"2026-02-06T05:00:00.000Z\"}}");
    }

    @Test
    void tokensAreListedByIdPrefixPermissionsWebsitesAndTimeButNeverByThemselves() {
        when(accountTokens.accountTokens(ADMIN_CALLER)).thenReturn(List.of(
                new AccountTokenSummary("000000000000000000000001", "dft_cdcdc", Set.of(Permission.ALL), Set.of(),
                        CREATED, true),
                new AccountTokenSummary("000000000000000000000002", null, Set.of(Permission.WEBSITES_READ),
                        Set.of(SITE), CREATED, false)));

        HttpResponse<String> response = exchange(HttpRequest.GET("/api/v1/admin/tokens"));

        assertThat(response.code()).isEqualTo(200);
        JsonNode data = json(response.body()).get("data");
        assertThat(fieldNames(data.get(0))).containsExactly("tokenId", "prefix", "permissions", "websiteIds",
                "createdAt", "adminToken");
        assertThat(data.get(0).toString()).isEqualTo("{\"tokenId\":\"000000000000000000000001\",\"prefix\":\"dft_cdcdc\","
                + "\"permissions\":[\"*\"],\"websiteIds\":[],\"createdAt\":\"2026-02-06T05:00:00.000Z\",\"adminToken\":true}");
        assertThat(data.get(1).get("prefix").isNull()).isTrue();
        assertThat(data.get(1).get("websiteIds").toString()).isEqualTo("[\"" + SITE + "\"]");
    }

    @Test
    void aRevokedTokenIsAnsweredByItsId() {
        HttpResponse<String> response = exchange(HttpRequest.DELETE("/api/v1/admin/tokens/000000000000000000000002"));

        assertThat(response.body()).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"tokenId\":\"000000000000000000000002\",\"revoked\":true}}");
        verify(accountTokens).revokeAccountToken(ADMIN_CALLER, "000000000000000000000002");
    }

    @Test
    void revokingTheLastTokenWithFullAccessIs409AndAnUnknownOne404() {
        doThrow(new ConflictException("the last one")).when(accountTokens)
                .revokeAccountToken(ADMIN_CALLER, "000000000000000000000001");
        doThrow(new NotFoundException("account token not found")).when(accountTokens)
                .revokeAccountToken(eq(ADMIN_CALLER), eq("ffffffffffffffffffffffff"));

        assertErrorEnvelope(exchange(HttpRequest.DELETE("/api/v1/admin/tokens/000000000000000000000001")), 409);
        assertErrorEnvelope(exchange(HttpRequest.DELETE("/api/v1/admin/tokens/ffffffffffffffffffffffff")), 404);
    }

    @Test
    void listsThatAreNotListsOfStringsAre400NamingTheField() {
        HttpResponse<String> notAList = issue("{\"permissions\":\"*\"}");
        HttpResponse<String> notStrings = issue("{\"permissions\":[\"analytics:read\"],\"websiteIds\":[1]}");

        assertErrorEnvelope(notAList, 400);
        assertThat(errorMessage(notAList)).startsWith("permissions must be an array");
        assertErrorEnvelope(notStrings, 400);
        assertThat(errorMessage(notStrings)).startsWith("websiteIds[0] must be a string");
        verify(accountTokens, never()).issueAccountToken(any(), any());
    }

    @Test
    void withoutACredentialNothingIsListedIssuedOrRevoked() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/api/v1/admin/tokens"),
                Argument.STRING, Argument.STRING);

        assertErrorEnvelope(response, 401);
        verify(accountTokens, never()).accountTokens(any());
    }
}
