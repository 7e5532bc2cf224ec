package dev.meridian.http.visitors;

import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.Success;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.in.ListVisitors;
import dev.meridian.ports.in.VisitorListRequest;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/**
 * {@code GET /api/v1/visitors/{visitorId}} (API.md §9.1) and {@code GET /api/v1/visitors} (§9.2): a {@code df_} key,
 * or a {@code dft_} token with {@code analytics:read} and {@code websiteId} (also {@code website_id}), as the realtime
 * map. The query parameters go to the use case as sent; its rules check them.
 */
@Controller("/api/v1/visitors")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class VisitorsController {

    private final Authenticate authenticate;
    private final GetVisitorJourney journeys;
    private final ListVisitors lists;

    public VisitorsController(Authenticate authenticate, GetVisitorJourney journeys, ListVisitors lists) {
        this.authenticate = authenticate;
        this.journeys = journeys;
        this.lists = lists;
    }

    /** One visitor's journey: 400 for an id that is not a UUID v4, 404 without a pageview on the website. */
    @Get("/{visitorId}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Success<VisitorJourneyJson> journey(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
            @PathVariable("visitorId") String visitorId,
            @QueryValue("websiteId") @Nullable String websiteId,
            @QueryValue("website_id") @Nullable String websiteIdSnakeCase) {
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        return Success.of(VisitorJourneyJson.from(journeys.forVisitor(website, visitorId)));
    }

    /** Visitors of a period, newest activity first: {@code data} is the page, {@code pagination} where it is. */
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public VisitorListJson list(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
            @QueryValue("websiteId") @Nullable String websiteId,
            @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
            @QueryValue("startAt") @Nullable String startAt,
            @QueryValue("endAt") @Nullable String endAt,
            @QueryValue("limit") @Nullable String limit,
            @QueryValue("offset") @Nullable String offset,
            @QueryValue("page") @Nullable String page,
            @QueryValue("country") @Nullable String country,
            @QueryValue("device") @Nullable String device,
            @QueryValue("browser") @Nullable String browser,
            @QueryValue("os") @Nullable String os,
            @QueryValue("referrer") @Nullable String referrer,
            @QueryValue("utm_source") @Nullable String utmSource,
            @QueryValue("utm_campaign") @Nullable String utmCampaign,
            @QueryValue("goal") @Nullable String goal,
            @QueryValue("isCustomer") @Nullable String isCustomer) {
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        return VisitorListJson.from(lists.forWebsite(website, new VisitorListRequest(startAt, endAt, limit, offset, page,
                country, device, browser, os, referrer, utmSource, utmCampaign, goal, isCustomer)));
    }
}
