package dev.meridian.http.visitors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.Success;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Set;

/**
 * {@code POST /api/v1/identify} (API.md §4), {@code identify:write}: {@code datafast_visitor_id} and
 * {@code user_id}; every other top-level field (a string, number or boolean) is profile metadata, {@code name}
 * the display name and {@code image} the picture.
 */
@Controller("/api/v1/identify")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class IdentifyController {

    private static final String VISITOR_FIELD = "datafast_visitor_id";

    private final Authenticate authenticate;
    private final Identify identify;

    public IdentifyController(Authenticate authenticate, Identify identify) {
        this.authenticate = authenticate;
        this.identify = identify;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/IdentifyRequest")))
    public Success<ProfileCreated> identify(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                            @QueryValue("websiteId") @Nullable String websiteId,
                                            @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
                                            @Body @Nullable byte[] body) {
        String website = authenticate.websiteFor(caller, Permission.IDENTIFY_WRITE,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        JsonObjectBody json = JsonObjectBody.parse(body);
        String profileId = identify.identify(new IdentifyCommand(website, json.optionalString(VISITOR_FIELD),
                json.scalarFieldsExcept(Set.of(VISITOR_FIELD))));
        return Success.of(new ProfileCreated("User profile created successfully", profileId));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"message", "profileId"})
    public record ProfileCreated(@JsonProperty("message") String message, @JsonProperty("profileId") String profileId) {
    }
}
