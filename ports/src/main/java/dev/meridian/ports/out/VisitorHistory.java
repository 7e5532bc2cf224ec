package dev.meridian.ports.out;

import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import java.util.Optional;

/**
 * What the visitors API (API.md §9) reads: one visitor's stored history, and a website's visitors page by page.
 * Reads only; every write goes through {@link EventLog}, {@link Visitors} and {@link Payments}.
 */
public interface VisitorHistory {

    /**
     * The visitor's row, its latest {@code maxEvents} pageviews and its latest {@code maxEvents} goals ({@code custom}
     * events), together oldest first (ties by id), how many pageviews it has in all, its first pageview, the time of its latest
     * identify call and all its payments (oldest first, refunded ones included).
     *
     * @param maxEvents at least 1
     * @return empty when the website has no pageview of this visitor (an identify- or goal-only visitor included)
     */
    Optional<StoredJourney> journey(String websiteId, String visitorId, int maxEvents);

    /**
     * The visitors whose latest pageview falls in the query's period and who match all its filters, latest pageview
     * first (ties by visitor id), {@code query.offset()} skipped and at most {@code query.limit()} listed, with how many
     * match in all.
     */
    VisitorPage list(VisitorQuery query);
}
