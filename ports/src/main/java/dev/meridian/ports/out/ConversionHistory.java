package dev.meridian.ports.out;

import dev.meridian.ports.model.SegmentCount;
import java.time.Instant;
import java.util.List;

/** The conversion model's training data (docs/scoring.md §1). */
public interface ConversionHistory {

    /**
     * One row per distinct 5-tuple of first-pageview dimensions over the visitors of {@code websiteId}
     * whose first pageview lies in {@code [from, to)}; bots are never stored, so never counted.
     */
    List<SegmentCount> segments(String websiteId, Instant from, Instant to);
}
