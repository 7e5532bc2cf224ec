package dev.meridian.core.scoring;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of the conversion model (docs/scoring.md), per website. {@link #defaults()} gives the values of the
 * specification; the {@code with…} methods change one of them.
 *
 * @param lookbackDays          training window: visitors whose first pageview lies in the last this many days
 * @param minVisitors           no model below this many visitors in the window
 * @param minConversions        no model below this many converters in the window
 * @param minSupport            a dimension value needs this many visitors to become a feature
 * @param maxValuesPerDimension at most this many features per dimension (the most frequent values)
 * @param l2                    strength of the Gaussian prior on each log-odds effect (1 / variance)
 * @param valuePriorStrength    pseudo-converters that shrink the average value toward the baseline {@code v0}
 * @param priorStrength         pseudo-visitors in the confidence {@code n / (n + m)}
 * @param refreshInterval       a model is rebuilt at most this often
 */
public record ScoringSettings(
        int lookbackDays,
        long minVisitors,
        long minConversions,
        long minSupport,
        int maxValuesPerDimension,
        double l2,
        double valuePriorStrength,
        double priorStrength,
        Duration refreshInterval) {

    private static final ScoringSettings DEFAULTS =
            new ScoringSettings(90, 100, 3, 30, 100, 1.0, 5, 100, Duration.ofMinutes(5));

    public ScoringSettings {
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        requireAtLeastOne("lookbackDays", lookbackDays);
        requireAtLeastOne("minVisitors", minVisitors);
        requireAtLeastOne("minConversions", minConversions);
        requireAtLeastOne("minSupport", minSupport);
        requireAtLeastOne("maxValuesPerDimension", maxValuesPerDimension);
        if (!(l2 > 0) || Double.isInfinite(l2)) {
            // l2 = 0 would let the weight of a value without converters run off to minus infinity
            throw new IllegalArgumentException("l2 must be finite and > 0, got " + l2);
        }
        if (!(valuePriorStrength > 0) || Double.isInfinite(valuePriorStrength)) {
            throw new IllegalArgumentException(
                    "valuePriorStrength must be finite and > 0, got " + valuePriorStrength);
        }
        if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
            throw new IllegalArgumentException("priorStrength must be finite and >= 0, got " + priorStrength);
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive, got " + refreshInterval);
        }
    }

    /** The defaults of docs/scoring.md. */
    public static ScoringSettings defaults() {
        return DEFAULTS;
    }

    public ScoringSettings withLookbackDays(int days) {
        return new ScoringSettings(days, minVisitors, minConversions, minSupport, maxValuesPerDimension, l2,
                valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withMinVisitors(long visitors) {
        return new ScoringSettings(lookbackDays, visitors, minConversions, minSupport, maxValuesPerDimension, l2,
                valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withMinConversions(long conversions) {
        return new ScoringSettings(lookbackDays, minVisitors, conversions, minSupport, maxValuesPerDimension, l2,
                valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withMinSupport(long visitors) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, visitors, maxValuesPerDimension, l2,
                valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withMaxValuesPerDimension(int values) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, minSupport, values, l2,
                valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withL2(double strength) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, minSupport, maxValuesPerDimension,
                strength, valuePriorStrength, priorStrength, refreshInterval);
    }

    public ScoringSettings withValuePriorStrength(double converters) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, minSupport, maxValuesPerDimension, l2,
                converters, priorStrength, refreshInterval);
    }

    public ScoringSettings withPriorStrength(double visitors) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, minSupport, maxValuesPerDimension, l2,
                valuePriorStrength, visitors, refreshInterval);
    }

    public ScoringSettings withRefreshInterval(Duration interval) {
        return new ScoringSettings(lookbackDays, minVisitors, minConversions, minSupport, maxValuesPerDimension, l2,
                valuePriorStrength, priorStrength, interval);
    }

    /** The training window's length. */
    public Duration lookback() {
        return Duration.ofDays(lookbackDays);
    }

    private static void requireAtLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
