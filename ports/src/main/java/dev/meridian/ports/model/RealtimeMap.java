package dev.meridian.ports.model;

import java.util.List;

/**
 * The realtime map of one website at one instant (API.md §2).
 *
 * @param visitors          the most recently active visitors, newest pageview first, at most the map's limit
 * @param conversionMetrics the website's baseline, or {@code null} when it has no conversion model
 * @param recentEvents      events of the window other than payments, newest first, at most 100
 * @param recentPayments    payments of the window, not refunded, newest first, at most 100
 * @param count             how many visitors are active in all: {@code visitors} may list fewer
 */
public record RealtimeMap(
        List<ActiveVisitor> visitors,
        ConversionMetrics conversionMetrics,
        List<RecentEvent> recentEvents,
        List<RecentPayment> recentPayments,
        int count) {

    public RealtimeMap {
        visitors = List.copyOf(visitors);
        recentEvents = List.copyOf(recentEvents);
        recentPayments = List.copyOf(recentPayments);
        if (count < visitors.size()) {
            throw new IllegalArgumentException("count " + count + " is less than the " + visitors.size()
                    + " visitors listed");
        }
    }

    /** A map that lists every active visitor: {@code count} is the number of {@code visitors}. */
    public RealtimeMap(List<ActiveVisitor> visitors, ConversionMetrics conversionMetrics,
            List<RecentEvent> recentEvents, List<RecentPayment> recentPayments) {
        this(visitors, conversionMetrics, recentEvents, recentPayments, visitors.size());
    }

    public boolean hasConversionPredictions() {
        return conversionMetrics != null;
    }
}
