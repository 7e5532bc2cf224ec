package dev.meridian.ports.model;

import java.time.Instant;
import java.util.List;

/**
 * A page of a website's visitors (API.md §9.2).
 *
 * @param total   visitors matching in all
 * @param hasMore visitors follow this page
 */
public record VisitorList(List<Row> visitors, int offset, int limit, long total, boolean hasMore) {

    public VisitorList {
        visitors = List.copyOf(visitors);
    }

    /**
     * One visitor: who (latest pageview) and where from (first session).
     *
     * @param lastSeenAt  the latest pageview's time
     * @param currentUrl  host and path of the latest pageview, as in the journey
     * @param referrer    host of the first session's referrer (without {@code www.}), or {@code null} when direct
     */
    public record Row(
            String visitorId,
            Instant lastSeenAt,
            String currentUrl,
            String countryCode,
            String region,
            String city,
            String browser,
            String os,
            String device,
            String referrer,
            String utmSource,
            String utmMedium,
            String utmCampaign) {
    }
}
