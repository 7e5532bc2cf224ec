package dev.meridian.ports.model;

import java.util.Objects;

/**
 * One row of the conversion model's training data: the visitors that share one 5-tuple of dimension
 * values, how many of them converted, and their revenue in the website's reporting currency.
 */
public record SegmentCount(VisitorDimensions dimensions, long visitors, long converters, double revenue) {

    public SegmentCount {
        Objects.requireNonNull(dimensions, "dimensions");
        if (visitors < 0 || converters < 0 || converters > visitors) {
            throw new IllegalArgumentException(
                    "need 0 <= converters <= visitors, got " + converters + " of " + visitors);
        }
        if (!(revenue >= 0) || Double.isInfinite(revenue)) {
            throw new IllegalArgumentException("revenue must be finite and >= 0, got " + revenue);
        }
    }
}
