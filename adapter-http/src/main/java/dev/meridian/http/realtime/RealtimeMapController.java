package dev.meridian.http.realtime;

import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.Success;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** {@code GET /api/v1/analytics/realtime/map} (API.md §2). */
@Controller("/api/v1/analytics/realtime/map")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class RealtimeMapController {

    private final Authenticate authenticate;
    private final GetRealtimeMap getRealtimeMap;

    public RealtimeMapController(Authenticate authenticate, GetRealtimeMap getRealtimeMap) {
        this.authenticate = authenticate;
        this.getRealtimeMap = getRealtimeMap;
    }

    /** The website is the key's own, or for an account token {@code websiteId} (also {@code website_id}). */
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Success<RealtimeMapJson> realtimeMap(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                                @QueryValue("websiteId") @Nullable String websiteId,
                                                @QueryValue("website_id") @Nullable String websiteIdSnakeCase) {
        String requested = websiteId != null ? websiteId : websiteIdSnakeCase;
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ, requested);
        return Success.of(RealtimeMapJson.from(getRealtimeMap.realtimeMap(website)));
    }
}
