package dev.meridian.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.Success;
import dev.meridian.http.json.WireValues;
import dev.meridian.ports.in.AccountTokenSummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedAccountToken;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.NewAccountToken;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Set;

/**
 * Account tokens ({@code dft_}) with an account token, as API keys are: listed ({@code websites:read}) by id, prefix,
 * permissions and websites, never the token; issued ({@code websites:write}, shown once); revoked
 * ({@code websites:write}, effective at the next request). A caller sees and revokes only tokens it could have issued.
 */
@Controller("/api/v1/admin/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class AccountTokensController {

    private final ManageAccountTokens accountTokens;

    public AccountTokensController(ManageAccountTokens accountTokens) {
        this.accountTokens = accountTokens;
    }

    @Get
    public Success<List<TokenJson>> list(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller) {
        return Success.of(accountTokens.accountTokens(caller).stream().map(TokenJson::from).toList());
    }

    /** Body {@code {"permissions":["analytics:read", …], "websiteIds":["…"]?}}; the answer's {@code token} is shown once. */
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/NewAccountTokenRequest")))
    public Success<IssuedTokenJson> issue(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                          @Body @Nullable byte[] body) {
        JsonObjectBody json = JsonObjectBody.parse(body);
        IssuedAccountToken issued = accountTokens.issueAccountToken(caller, new NewAccountToken(
                json.optionalStringList("permissions"), json.optionalStringList("websiteIds")));
        return Success.of(new IssuedTokenJson(issued.token(), issued.tokenId(), issued.prefix(),
                wireNames(issued.permissions()), sorted(issued.websiteIds()), WireValues.timestamp(issued.createdAt())));
    }

    /** 404 for a token the caller could not have issued, 409 for the last one with {@code *} on every website. */
    @Delete("/{tokenId}")
    public Success<RevokedJson> revoke(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                       @PathVariable String tokenId) {
        accountTokens.revokeAccountToken(caller, tokenId);
        return Success.of(new RevokedJson(tokenId, true));
    }

    private static List<String> wireNames(Set<Permission> permissions) {
        return permissions.stream().map(Permission::wireName).sorted().toList();
    }

    private static List<String> sorted(Set<String> websiteIds) {
        return websiteIds.stream().sorted().toList();
    }

    /** A token in a listing: {@code websiteIds} empty means every website; {@code prefix} null for old tokens. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"tokenId", "prefix", "permissions", "websiteIds", "createdAt", "adminToken"})
    public record TokenJson(@JsonProperty("tokenId") String tokenId, @JsonProperty("prefix") @Nullable String prefix,
                            @JsonProperty("permissions") List<String> permissions,
                            @JsonProperty("websiteIds") List<String> websiteIds,
                            @JsonProperty("createdAt") String createdAt,
                            @JsonProperty("adminToken") boolean adminToken) {

        static TokenJson from(AccountTokenSummary token) {
            return new TokenJson(token.tokenId(), token.prefix(), wireNames(token.permissions()),
                    sorted(token.websiteIds()), WireValues.timestamp(token.createdAt()), token.adminToken());
        }
    }

    /** A new token: {@code token} is shown this once. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"token", "tokenId", "prefix", "permissions", "websiteIds", "createdAt"})
    public record IssuedTokenJson(@JsonProperty("token") String token, @JsonProperty("tokenId") String tokenId,
                                  @JsonProperty("prefix") String prefix,
                                  @JsonProperty("permissions") List<String> permissions,
                                  @JsonProperty("websiteIds") List<String> websiteIds,
                                  @JsonProperty("createdAt") String createdAt) {

        /** Without the token, so logging this record never leaks it. */
        @Override
        public String toString() {
            return "IssuedTokenJson[tokenId=" + tokenId + ", prefix=" + prefix + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"tokenId", "revoked"})
    public record RevokedJson(@JsonProperty("tokenId") String tokenId, @JsonProperty("revoked") boolean revoked) {
    }
}
