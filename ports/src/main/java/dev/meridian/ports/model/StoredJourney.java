package dev.meridian.ports.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What storage holds of one visitor that has at least one pageview: what the visitor journey (API.md §9.1) is made
 * of.
 *
 * @param visitor         the visitor's row
 * @param events          the latest pageviews and the latest goals ({@code custom}), as many of each as asked for,
 *                        together oldest first
 * @param pageviewCount   the visitor's pageviews in all (may exceed those in {@code events})
 * @param firstPageview   the visitor's first pageview: its path holds the first session's landing URL
 * @param lastIdentifiedAt time of the latest identify event, or {@code null} when never identified
 * @param payments        every payment attributed to the visitor, refunded ones included, oldest first
 */
public record StoredJourney(
        VisitorState visitor,
        List<Event> events,
        long pageviewCount,
        Event firstPageview,
        Instant lastIdentifiedAt,
        List<Payment> payments) {

    public StoredJourney {
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(firstPageview, "firstPageview");
        events = List.copyOf(events);
        payments = List.copyOf(payments);
    }
}
