package dev.meridian.core.scoring;

import dev.meridian.ports.model.ConversionLikelihood;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The likelihood shown for a visitor who already paid (docs/scoring.md §5, second table): certain, and worth what
 * they paid. Needs no model.
 */
public final class CustomerLikelihood {

    private CustomerLikelihood() {
    }

    /** Score 100, confidence 1, no baseline, no matches, rate 1, average and expected value = {@code revenue}. */
    public static ConversionLikelihood of(double revenue) {
        if (!(revenue >= 0) || Double.isInfinite(revenue)) {
            throw new IllegalArgumentException("a customer's revenue must be finite and >= 0, got " + revenue);
        }
        return new ConversionLikelihood(100, 1, false, List.of(), 1, revenue, revenue);
    }

    /** As {@link #of(double)}, for revenue kept as a decimal amount. */
    public static ConversionLikelihood of(BigDecimal revenue) {
        Objects.requireNonNull(revenue, "revenue");
        return of(revenue.doubleValue());
    }
}
