package dev.meridian.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.Success;
import dev.meridian.http.json.WireValues;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.Website;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/** Website administration with an account token (API.md §6). */
@Controller("/api/v1/admin/websites")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebsitesController {

    private final Authenticate authenticate;
    private final ManageWebsites manageWebsites;

    public WebsitesController(Authenticate authenticate, ManageWebsites manageWebsites) {
        this.authenticate = authenticate;
        this.manageWebsites = manageWebsites;
    }

    /** Body {@code {"domain", "name"?, "currency"?, "timezone"?}}. */
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
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

    /** Websites the caller may see ({@code websites:read}, which {@code websites:write} implies). */
    @Get
    public Success<List<WebsiteJson>> list(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller) {
        authenticate.require(caller, Permission.WEBSITES_READ);
        return Success.of(manageWebsites.list(caller).stream().map(WebsiteJson::from).toList());
    }

    /** A new {@code df_} key for the website; the only time the key is shown. */
    @Post("/{websiteId}/api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Success<ApiKeyJson> createApiKey(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                            @PathVariable String websiteId) {
        authenticate.require(caller, Permission.WEBSITES_WRITE);
        return Success.of(new ApiKeyJson(manageWebsites.createApiKey(websiteId)));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"websiteId", "trackingId", "domain", "name", "currency", "timezone", "createdAt"})
    public record WebsiteJson(
            @JsonProperty("websiteId") String websiteId,
            @JsonProperty("trackingId") String trackingId,
            @JsonProperty("domain") String domain,
            @JsonProperty("name") String name,
            @JsonProperty("currency") String currency,
            @JsonProperty("timezone") String timezone,
            @JsonProperty("createdAt") String createdAt) {

        static WebsiteJson from(Website website) {
            return new WebsiteJson(website.id(), website.trackingId(), website.domain(), website.name(),
                    website.currency(), website.timezone(), WireValues.timestamp(website.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ApiKeyJson(@JsonProperty("key") String key) {
    }
}
