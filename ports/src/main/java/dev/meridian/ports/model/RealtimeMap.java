package dev.meridian.ports.model;

import java.util.List;

/**
 * The realtime map of one website at one instant (API.md §2).
 *
 * @param visitors          active visitors, newest activity first; {@code count} is its size
 * @param conversionMetrics the website's baseline, or {@code null} when it has no conversion model
 * @param recentEvents      events of the window other than payments, newest first, at most 100
 * @param recentPayments    payments of the window, not refunded, newest first, at most 100
 */
public record RealtimeMap(
        List<ActiveVisitor> visitors,
        ConversionMetrics conversionMetrics,
        List<RecentEvent> recentEvents,
        List<RecentPayment> recentPayments) {

    public RealtimeMap {
        visitors = List.copyOf(visitors);
        recentEvents = List.copyOf(recentEvents);
        recentPayments = List.copyOf(recentPayments);
    }

    public int count() {
        return visitors.size();
    }

    public boolean hasConversionPredictions() {
        return conversionMetrics != null;
    }
}
