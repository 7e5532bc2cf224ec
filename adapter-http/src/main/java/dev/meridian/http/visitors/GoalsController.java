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
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.RecordGoal;
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
import java.util.List;

/**
 * {@code POST /api/v1/goals} (API.md §4), {@code goals:write}: {@code datafast_visitor_id} (or
 * {@code visitorId}), {@code name}, {@code description}?, {@code metadata}? (an object of scalars).
 */
@Controller("/api/v1/goals")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class GoalsController {

    private final Authenticate authenticate;
    private final RecordGoal recordGoal;

    public GoalsController(Authenticate authenticate, RecordGoal recordGoal) {
        this.authenticate = authenticate;
        this.recordGoal = recordGoal;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/GoalRequest")))
    public Success<List<GoalCreated>> record(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                             @QueryValue("websiteId") @Nullable String websiteId,
                                             @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
                                             @Body @Nullable byte[] body) {
        String website = authenticate.websiteFor(caller, Permission.GOALS_WRITE,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        JsonObjectBody json = JsonObjectBody.parse(body);
        String visitorId = json.optionalString("datafast_visitor_id");
        String visitorIdAlias = json.optionalString("visitorId");
        String eventId = recordGoal.record(new GoalCommand(website,
                visitorId != null ? visitorId : visitorIdAlias,
                json.optionalString("name"),
                json.optionalString("description"),
                json.scalarMap("metadata")));
        return Success.of(List.of(new GoalCreated("Custom event created successfully", eventId)));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"message", "eventId"})
    public record GoalCreated(@JsonProperty("message") String message, @JsonProperty("eventId") String eventId) {
    }
}
