package dev.meridian.ports.in;

/**
 * The query parameters of the visitor list (API.md §9.2) as sent, each {@code null} when absent; the use case checks
 * them (one rule per parameter) and names the parameter that breaks its rule.
 *
 * @param startAt     {@code YYYY-MM-DD} in the website's time zone, or ISO-8601 with offset; with {@code endAt}
 * @param endAt       as {@code startAt}; a date includes its whole day
 * @param limit       1 to {@value ListVisitors#MAX_LIMIT}, default {@value ListVisitors#DEFAULT_LIMIT}
 * @param offset      0 or more, default 0
 * @param page        exact paths, comma-separated (as are the other filters but {@code isCustomer})
 * @param isCustomer  {@code true} or {@code false}
 */
public record VisitorListRequest(
        String startAt,
        String endAt,
        String limit,
        String offset,
        String page,
        String country,
        String device,
        String browser,
        String os,
        String referrer,
        String utmSource,
        String utmCampaign,
        String goal,
        String isCustomer) {

    /** No parameter: the last 30 days, the first page. */
    public static final VisitorListRequest DEFAULTS = new VisitorListRequest(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);
}
