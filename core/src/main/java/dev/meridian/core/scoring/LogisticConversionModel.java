package dev.meridian.core.scoring;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted model of docs/scoring.md. Immutable; a prediction is at most five hash look-ups and one exponential.
 */
public final class LogisticConversionModel implements ConversionModel {

    private static final Dimension[] DIMENSIONS = Dimension.values();

    /** Everything a prediction needs about one feature, computed once. */
    record Effect(double weight, long visitors, long converters, double revenue) {
    }

    /** Per feature: weight, the confidence term n/(n+m) and the two parts of the shrunk average value. */
    private static final class Term {
        final double weight;
        final double confidence;
        final double valueNumerator;
        final double valueDenominator;

        Term(double weight, double confidence, double valueNumerator, double valueDenominator) {
            this.weight = weight;
            this.confidence = confidence;
            this.valueNumerator = valueNumerator;
            this.valueDenominator = valueDenominator;
        }
    }

    private final ConversionMetrics metrics;
    private final double p0;
    private final double v0;
    private final double baselineExpectedValue;
    private final double intercept;
    private final List<Map<String, Effect>> effects;
    /** One map per dimension, value → term; {@link HashMap} because its {@code get(null)} is simply null. */
    @SuppressWarnings("unchecked")
    private final HashMap<String, Term>[] terms = new HashMap[DIMENSIONS.length];
    /** {@code dimensionMatches} for each of the 32 subsets of the dimensions, by bit mask. */
    @SuppressWarnings("unchecked")
    private final List<String>[] matchLists = new List[1 << DIMENSIONS.length];
    private final ConversionLikelihood baseline;

    LogisticConversionModel(
            ScoringSettings settings, double p0, double v0, double intercept, List<Map<String, Effect>> effects) {
        this.metrics = new ConversionMetrics(p0, v0);
        this.p0 = p0;
        this.v0 = v0;
        this.baselineExpectedValue = p0 * v0;
        this.intercept = intercept;
        List<Map<String, Effect>> copies = new ArrayList<>();
        double m = settings.priorStrength();
        double mv = settings.valuePriorStrength();
        for (Dimension d : DIMENSIONS) {
            Map<String, Effect> byValue = effects.get(d.ordinal());
            copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(byValue)));
            HashMap<String, Term> map = new HashMap<>(Math.max(4, byValue.size() * 2));
            byValue.forEach((value, e) -> map.put(value, new Term(
                    e.weight(),
                    e.visitors() / (e.visitors() + m),
                    e.revenue() + mv * v0,
                    e.converters() + mv)));
            terms[d.ordinal()] = map;
        }
        this.effects = List.copyOf(copies);
        for (int mask = 0; mask < matchLists.length; mask++) {
            List<String> names = new ArrayList<>();
            for (Dimension d : DIMENSIONS) {
                if ((mask & (1 << d.ordinal())) != 0) {
                    names.add(d.label());
                }
            }
            matchLists[mask] = List.copyOf(names);
        }
        this.baseline = new ConversionLikelihood(
                score(baselineExpectedValue, p0), 0, true, List.of(), p0, v0, baselineExpectedValue);
    }

    @Override
    public ConversionMetrics metrics() {
        return metrics;
    }

    @Override
    public ConversionLikelihood likelihood(VisitorDimensions visitor) {
        double z = intercept;
        double confidence = 0;
        double valueNumerator = 0;
        double valueDenominator = 0;
        int mask = 0;
        int matches = 0;
        for (int d = 0; d < DIMENSIONS.length; d++) {
            Term term = terms[d].get(value(visitor, d));
            if (term != null) {
                z += term.weight;
                confidence += term.confidence;
                valueNumerator += term.valueNumerator;
                valueDenominator += term.valueDenominator;
                mask |= 1 << d;
                matches++;
            }
        }
        if (matches == 0) {
            return baseline;
        }
        double rate = LogisticRegression.sigmoid(z);
        double value = valueNumerator / valueDenominator;
        double expected = rate * value;
        return new ConversionLikelihood(
                score(expected, rate), confidence / matches, false, matchLists[mask], rate, value, expected);
    }

    /** The intercept {@code w_0}. */
    public double intercept() {
        return intercept;
    }

    /** The weight of each feature of {@code dimension}, the most frequent value first. */
    public Map<String, Double> weights(Dimension dimension) {
        Map<String, Double> weights = new LinkedHashMap<>();
        effects.get(dimension.ordinal()).forEach((value, e) -> weights.put(value, e.weight()));
        return Collections.unmodifiableMap(weights);
    }

    /**
     * {@code clamp(round_half_up(50·EV/EV0), 0, 99)}. When the history holds no revenue at all
     * ({@code EV0 = 0}, e.g. every payment in a currency without a rate) the value carries no information and the
     * ratio of rates {@code P/p0} takes the place of {@code EV/EV0}.
     */
    private int score(double expectedValue, double rate) {
        double ratio = baselineExpectedValue > 0 ? 50 * expectedValue / baselineExpectedValue : 50 * rate / p0;
        long rounded = Math.round(ratio); // half-up for the non-negative values met here
        return (int) Math.max(0, Math.min(99, rounded));
    }

    private static String value(VisitorDimensions visitor, int dimension) {
        return switch (dimension) {
            case 0 -> visitor.device();
            case 1 -> visitor.os();
            case 2 -> visitor.browser();
            case 3 -> visitor.country();
            default -> visitor.referrer();
        };
    }

    @Override
    public String toString() {
        int features = 0;
        for (HashMap<String, Term> map : terms) {
            features += map.size();
        }
        return "LogisticConversionModel[p0=" + p0 + ", v0=" + v0 + ", features=" + features + "]";
    }
}
