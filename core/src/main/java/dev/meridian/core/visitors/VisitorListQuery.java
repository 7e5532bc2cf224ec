package dev.meridian.core.visitors;

import dev.meridian.core.rules.CountRule;
import dev.meridian.core.rules.FilterRule;
import dev.meridian.core.rules.PeriodRule;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.ListVisitors;
import dev.meridian.ports.in.VisitorListRequest;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorList;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Websites;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A page of a website's visitors (API.md §9.2): the query parameters checked one rule each ({@link CountRule},
 * {@link PeriodRule}, {@link FilterRule}), then one {@link VisitorHistory#list} read.
 */
public final class VisitorListQuery implements ListVisitors {

    private final Websites websites;
    private final VisitorHistory history;
    private final Clock clock;

    public VisitorListQuery(Websites websites, VisitorHistory history, Clock clock) {
        this.websites = websites;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public VisitorList forWebsite(String websiteId, VisitorListRequest r) {
        int limit = CountRule.between("limit", r.limit(), DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = CountRule.between("offset", r.offset(), 0, 0, Integer.MAX_VALUE);
        Website website = websites.byId(websiteId)
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        PeriodRule.Period period = PeriodRule.of(r.startAt(), r.endAt(), ZoneId.of(website.timezone()), clock.now());
        VisitorQuery query = new VisitorQuery(website.id(), period.from(), period.to(), offset, limit,
                FilterRule.values("page", r.page(), MAX_FILTER_VALUES, PageUrl::withoutQuery),
                FilterRule.values("country", r.country(), MAX_FILTER_VALUES, c -> c.toUpperCase(Locale.ROOT)),
                FilterRule.values("device", r.device(), MAX_FILTER_VALUES, FilterRule::lowerCase),
                FilterRule.values("browser", r.browser(), MAX_FILTER_VALUES),
                FilterRule.values("os", r.os(), MAX_FILTER_VALUES),
                FilterRule.values("referrer", r.referrer(), MAX_FILTER_VALUES, VisitorListQuery::referrerHost),
                FilterRule.values("utm_source", r.utmSource(), MAX_FILTER_VALUES),
                FilterRule.values("utm_campaign", r.utmCampaign(), MAX_FILTER_VALUES),
                FilterRule.values("goal", r.goal(), MAX_FILTER_VALUES, g -> FilterRule.lowerCase(g).replace(' ', '_')),
                FilterRule.optionalBoolean("isCustomer", r.isCustomer()));
        VisitorPage page = history.list(query);
        List<VisitorList.Row> rows = new ArrayList<>(page.visitors().size());
        for (VisitorPage.Listed listed : page.visitors()) {
            rows.add(row(website, listed));
        }
        return new VisitorList(rows, offset, limit, page.total(), (long) offset + rows.size() < page.total());
    }

    /** A referrer filter as the first-touch referrer is kept: a host in lower case without {@code www.}. */
    private static String referrerHost(String value) {
        String host = FilterRule.lowerCase(value);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static VisitorList.Row row(Website website, VisitorPage.Listed listed) {
        VisitorState v = listed.visitor();
        TrackingParams landing = PageUrl.campaignParamsOfPath(listed.landingPath());
        String referrer = v.firstTouch() == null || VisitorDimensions.DIRECT.equals(v.firstTouch().referrer())
                ? null : v.firstTouch().referrer();
        return new VisitorList.Row(v.visitorId(), v.lastPageviewAt(), VisitorJourneyQuery.pageUrl(website, v.currentUrl()),
                v.location().countryCode(), v.location().region(), v.location().city(),
                v.system().browser(), v.system().os(), v.system().deviceType(),
                referrer, landing.utmSource(), landing.utmMedium(), landing.utmCampaign());
    }
}
