package dev.meridian.http.realtime;

import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.Success;
import dev.meridian.ports.error.InvalidInputException;
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

/**
 * {@code GET /api/v1/analytics/realtime/map} (API.md §2). {@code limit} (default 1,000, 1 to 10,000): the most
 * visitors listed; {@code count} is every active visitor.
 */
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
                                                @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
                                                @QueryValue("limit") @Nullable String limit) {
        String requested = websiteId != null ? websiteId : websiteIdSnakeCase;
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ, requested);
        return Success.of(RealtimeMapJson.from(limit == null
                ? getRealtimeMap.forWebsite(website)
                : getRealtimeMap.forWebsite(website, limit(limit))));
    }

    /** The query parameter as a number; its range is the use case's rule. */
    static int limit(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException("limit", "limit must be a whole number from 1 to "
                    + GetRealtimeMap.MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }
}
