package dev.meridian.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.Success;
import dev.meridian.http.json.WireValues;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.IssuedApiKey;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.Website;
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

/** Website administration with an account token (API.md §6). */
@Controller("/api/v1/admin/websites")
@ErrorResponses
@SecurityRequirement(name = "bearer")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebsitesController {

    private final Authenticate authenticate;
    private final ManageWebsites manageWebsites;
    private final CountRobots countRobots;

    public WebsitesController(Authenticate authenticate, ManageWebsites manageWebsites, CountRobots countRobots) {
        this.authenticate = authenticate;
        this.manageWebsites = manageWebsites;
        this.countRobots = countRobots;
    }

    /** Body {@code {"domain", "name"?, "currency"?, "timezone"?}}. */
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/NewWebsiteRequest")))
    public Success<WebsiteJson> create(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                       @Body @Nullable byte[] body) {
        authenticate.require(caller, Permission.WEBSITES_WRITE);
        JsonObjectBody json = JsonObjectBody.parse(body);
        NewWebsite request = new NewWebsite(
                json.optionalString("domain"),
                json.optionalString("name"),
                json.optionalString("currency"),
                json.optionalString("timezone"));
        return Success.of(WebsiteJson.from(manageWebsites.create(request)));
    }

    /**
     * Websites the caller may see ({@code websites:read}, which {@code websites:write} implies), each with its robot
     * requests: {@code "robots":{"total","today"}} (today: the current UTC day).
     */
    @Get
    public Success<List<WebsiteJson>> list(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller) {
        authenticate.require(caller, Permission.WEBSITES_READ);
        return Success.of(manageWebsites.list(caller).stream()
                .map(website -> WebsiteJson.from(website, countRobots.robotsOf(website.id())))
                .toList());
    }

    /**
     * A new {@code df_} key for the website; the only time the key is shown. The body may be empty or a JSON object
     * (nothing in it is used yet); anything else is refused.
     */
    @Post("/{websiteId}/api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = false, content = @Content(schema = @Schema(type = "object")))
    public Success<IssuedKeyJson> createApiKey(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                               @PathVariable String websiteId, @Body @Nullable byte[] body) {
        String website = keyRoute(caller, Permission.WEBSITES_WRITE, websiteId);
        if (body != null && body.length > 0) {
            JsonObjectBody.parse(body);
        }
        IssuedApiKey issued = manageWebsites.issueApiKey(website);
        return Success.of(new IssuedKeyJson(issued.key(), issued.keyId(), issued.prefix(),
                WireValues.timestamp(issued.createdAt())));
    }

    /** The website's keys by id, prefix and creation time; never a key. */
    @Get("/{websiteId}/api-keys")
    public Success<List<KeyJson>> apiKeys(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                          @PathVariable String websiteId) {
        String website = keyRoute(caller, Permission.WEBSITES_READ, websiteId);
        return Success.of(manageWebsites.apiKeys(website).stream()
                .map(key -> new KeyJson(key.keyId(), key.prefix(), WireValues.timestamp(key.createdAt())))
                .toList());
    }

    /** Revokes a key: the very next request with it is refused (401). */
    @Delete("/{websiteId}/api-keys/{keyId}")
    public Success<RevokedJson> revokeApiKey(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                             @PathVariable String websiteId, @PathVariable String keyId) {
        String website = keyRoute(caller, Permission.WEBSITES_WRITE, websiteId);
        manageWebsites.revokeApiKey(website, keyId);
        return Success.of(new RevokedJson(keyId, true));
    }

    /** Key routes need an account token with the permission that reaches the website (403), which exists (404). */
    private String keyRoute(Caller caller, Permission permission, String websiteId) {
        authenticate.require(caller, permission);
        return authenticate.websiteFor(caller, permission, websiteId);
    }

    /** A website; {@code robots} only in the listing (a website just created has none). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"websiteId", "trackingId", "domain", "name", "currency", "timezone", "createdAt", "robots"})
    public record WebsiteJson(
            @JsonProperty("websiteId") String websiteId,
            @JsonProperty("trackingId") String trackingId,
            @JsonProperty("domain") String domain,
            @JsonProperty("name") String name,
            @JsonProperty("currency") String currency,
            @JsonProperty("timezone") String timezone,
            @JsonProperty("createdAt") String createdAt,
            @JsonProperty("robots") @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) RobotsJson robots) {

        static WebsiteJson from(Website website) {
            return from(website, null);
        }

        static WebsiteJson from(Website website, RobotCount robots) {
            return new WebsiteJson(website.id(), website.trackingId(), website.domain(), website.name(),
                    website.currency(), website.timezone(), WireValues.timestamp(website.createdAt()),
                    robots == null ? null : new RobotsJson(robots.total(), robots.today()));
        }
    }

    /** Robot requests answered but not stored: in all, and on the current UTC day. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"total", "today"})
    public record RobotsJson(@JsonProperty("total") long total, @JsonProperty("today") long today) {
    }

    /** A new key: {@code key} is shown this once. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"key", "keyId", "prefix", "createdAt"})
    public record IssuedKeyJson(@JsonProperty("key") String key, @JsonProperty("keyId") String keyId,
                                @JsonProperty("prefix") String prefix, @JsonProperty("createdAt") String createdAt) {

        /** Without the key, so logging this record never leaks it. */
        @Override
        public String toString() {
            return "IssuedKeyJson[keyId=" + keyId + ", prefix=" + prefix + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"keyId", "prefix", "createdAt"})
    public record KeyJson(@JsonProperty("keyId") String keyId, @JsonProperty("prefix") String prefix,
                          @JsonProperty("createdAt") String createdAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"keyId", "revoked"})
    public record RevokedJson(@JsonProperty("keyId") String keyId, @JsonProperty("revoked") boolean revoked) {
    }
}
