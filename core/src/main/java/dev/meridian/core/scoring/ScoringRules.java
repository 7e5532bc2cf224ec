package dev.meridian.core.scoring;

import dev.meridian.ports.model.SegmentCount;
import java.util.List;
import java.util.Optional;

/**
 * How a website's conversion model is made from its history: segment counts in, a model (or none) out.
 *
 * <p>The default is the model of docs/scoring.md ({@link #standard(ScoringSettings)}); a service that embeds core can
 * supply its own rules, and a set of rules can be unit-tested with a handful of {@link SegmentCount} records.
 */
@FunctionalInterface
public interface ScoringRules {

    /** The model of these segment counts, or empty when they are too few to predict anything. */
    Optional<ConversionModel> fit(List<SegmentCount> rows);

    /** The regularised logistic regression of docs/scoring.md with these settings. */
    static ScoringRules standard(ScoringSettings settings) {
        return new LogisticScoringRules(settings);
    }
}
