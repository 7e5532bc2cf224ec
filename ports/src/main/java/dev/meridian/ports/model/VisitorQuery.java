package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which visitors of a website to list (API.md §9.2), checked: the period is {@code [from, to)} of the latest pageview;
 * every filter set that is not empty must hold the visitor's value (a set of several values: any of them).
 *
 * @param pages        paths (without query string) of which the visitor has a pageview
 * @param countries    ISO 3166-1 alpha-2 of the latest pageview's location, upper case
 * @param devices      device types of the latest pageview (as stored: {@code desktop}, {@code mobile}, …)
 * @param browsers     browser names of the latest pageview
 * @param oses         operating system names of the latest pageview
 * @param referrers    the first session's referrer host (lower case, without {@code www.}), as the conversion model
 *                     keeps it ({@link VisitorDimensions#referrer()})
 * @param utmSources   {@code utm_source} of the first session's landing URL
 * @param utmCampaigns {@code utm_campaign} of the first session's landing URL
 * @param goals        names of completed goals: goal events, and {@code payment} / {@code free_trial} for payments
 * @param customer     {@code null}: any; else whether the visitor is a customer
 */
public record VisitorQuery(
        String websiteId,
        Instant from,
        Instant to,
        int offset,
        int limit,
        Set<String> pages,
        Set<String> countries,
        Set<String> devices,
        Set<String> browsers,
        Set<String> oses,
        Set<String> referrers,
        Set<String> utmSources,
        Set<String> utmCampaigns,
        Set<String> goals,
        Boolean customer) {

    public VisitorQuery {
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
        pages = Set.copyOf(pages);
        countries = Set.copyOf(countries);
        devices = Set.copyOf(devices);
        browsers = Set.copyOf(browsers);
        oses = Set.copyOf(oses);
        referrers = Set.copyOf(referrers);
        utmSources = Set.copyOf(utmSources);
        utmCampaigns = Set.copyOf(utmCampaigns);
        goals = Set.copyOf(goals);
    }

    /** Every visitor of the period, no filter. */
    public static VisitorQuery all(String websiteId, Instant from, Instant to, int offset, int limit) {
        return new VisitorQuery(websiteId, from, to, offset, limit, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of(), Set.of(), null);
    }
}
