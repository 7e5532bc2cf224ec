package dev.meridian.core.store;

import dev.meridian.core.store.Sites.Site;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.ConversionHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The conversion history of the {@link InMemoryStore}: segment counts read from its visitors. */
final class InMemoryConversionHistory implements ConversionHistory {

    private final Sites sites;

    InMemoryConversionHistory(Sites sites) {
        this.sites = sites;
    }

    @Override
    public List<SegmentCount> segments(String websiteId, Instant from, Instant to) {
        Site site = sites.existing(websiteId);
        if (site == null) {
            return List.of();
        }
        Map<VisitorDimensions, long[]> counts = new LinkedHashMap<>();
        Map<VisitorDimensions, BigDecimal> revenue = new LinkedHashMap<>();
        for (VisitorState visitor : site.visitors.values()) {
            VisitorDimensions dims = visitor.firstTouch();
            if (dims == null || visitor.firstSeenAt().isBefore(from) || !visitor.firstSeenAt().isBefore(to)) {
                continue;
            }
            long[] row = counts.computeIfAbsent(dims, d -> new long[2]);
            row[0]++;
            if (visitor.customer().customer()) {
                row[1]++;
                revenue.merge(dims, visitor.customer().revenue(), BigDecimal::add);
            }
        }
        List<SegmentCount> rows = new ArrayList<>(counts.size());
        counts.forEach((dims, row) -> rows.add(new SegmentCount(dims, row[0], row[1],
                revenue.getOrDefault(dims, BigDecimal.ZERO).doubleValue())));
        return rows;
    }
}
