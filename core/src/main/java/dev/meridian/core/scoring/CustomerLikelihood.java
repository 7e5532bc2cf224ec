package dev.meridian.core.scoring;

import dev.meridian.ports.model.ConversionLikelihood;
import java.math.BigDecimal;
import java.util.List;

/** The likelihood of a visitor who already paid (SCORING.md §5): certain, worth its own revenue. */
public final class CustomerLikelihood {

    private CustomerLikelihood() {
    }

    public static ConversionLikelihood of(BigDecimal revenue) {
        double value = revenue.doubleValue();
        return new ConversionLikelihood(100, 1.0, false, List.of(), 1.0, value, value);
    }
}
