package dev.meridian.core.scoring;

import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The model of docs/scoring.md: baseline (§2), features (§3), regularised logistic regression plus shrunk average
 * values (§4), predictions as the realtime map shows them (§5).
 */
public final class LogisticScoringRules implements ScoringRules {

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private final ScoringSettings settings;

    public LogisticScoringRules(ScoringSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ScoringSettings settings() {
        return settings;
    }

    @Override
    public Optional<ConversionModel> fit(List<SegmentCount> rows) {
        return model(rows).map(ConversionModel.class::cast);
    }

    /** As {@link #fit}, keeping the model's type so that its weights can be read. */
    public Optional<LogisticConversionModel> model(List<SegmentCount> rows) {
        long visitors = 0;
        long converters = 0;
        double revenue = 0;
        for (SegmentCount row : rows) {
            visitors = Math.addExact(visitors, row.visitors());
            converters += row.converters();
            revenue += row.revenue();
        }
        if (visitors < settings.minVisitors() || converters < settings.minConversions() || converters >= visitors) {
            return Optional.empty();
        }
        double p0 = (double) converters / visitors;
        double v0 = revenue / converters;

        List<Map<String, ValueTotals>> marginals = marginals(rows);
        List<List<String>> features = new ArrayList<>(DIMENSIONS.length);
        List<Map<String, Integer>> indexes = new ArrayList<>(DIMENSIONS.length);
        int featureCount = 0;
        for (Dimension d : DIMENSIONS) {
            List<String> chosen = features(marginals.get(d.ordinal()));
            Map<String, Integer> index = new HashMap<>();
            for (String value : chosen) {
                index.put(value, ++featureCount);
            }
            features.add(chosen);
            indexes.add(index);
        }

        LogisticRegression.Rows grouped = grouped(rows, indexes, featureCount);
        double[] weights = new LogisticRegression(grouped, settings.l2()).fit();

        List<Map<String, LogisticConversionModel.Effect>> effects = new ArrayList<>(DIMENSIONS.length);
        for (Dimension d : DIMENSIONS) {
            Map<String, ValueTotals> totals = marginals.get(d.ordinal());
            Map<String, Integer> index = indexes.get(d.ordinal());
            Map<String, LogisticConversionModel.Effect> byValue = new LinkedHashMap<>();
            for (String value : features.get(d.ordinal())) {
                ValueTotals t = totals.get(value);
                byValue.put(value, new LogisticConversionModel.Effect(
                        weights[index.get(value)], t.visitors, t.converters, t.revenue));
            }
            effects.add(byValue);
        }
        return Optional.of(new LogisticConversionModel(settings, p0, v0, weights[0], effects));
    }

    /** Visitors, converters and revenue of every known value of every dimension. */
    private static List<Map<String, ValueTotals>> marginals(List<SegmentCount> rows) {
        List<Map<String, ValueTotals>> marginals = new ArrayList<>(DIMENSIONS.length);
        for (int d = 0; d < DIMENSIONS.length; d++) {
            marginals.add(new HashMap<>());
        }
        for (SegmentCount row : rows) {
            VisitorDimensions dims = row.dimensions();
            for (Dimension d : DIMENSIONS) {
                String value = d.valueIn(dims);
                if (value != null) {
                    marginals.get(d.ordinal()).computeIfAbsent(value, v -> new ValueTotals()).add(row);
                }
            }
        }
        return marginals;
    }

    /** Values with at least minSupport visitors, the most frequent first (ties by string order), at most max. */
    private List<String> features(Map<String, ValueTotals> totals) {
        return totals.entrySet().stream()
                .filter(e -> e.getValue().visitors >= settings.minSupport())
                .sorted(Comparator.<Map.Entry<String, ValueTotals>>comparingLong(e -> e.getValue().visitors)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(settings.maxValuesPerDimension())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The rows as feature vectors, rows with the same vector summed, in a fixed order. */
    private static LogisticRegression.Rows grouped(
            List<SegmentCount> rows, List<Map<String, Integer>> indexes, int featureCount) {
        Map<FeatureVector, long[]> counts = new HashMap<>();
        int[] x = new int[DIMENSIONS.length];
        for (SegmentCount row : rows) {
            if (row.visitors() == 0) {
                continue;
            }
            for (Dimension d : DIMENSIONS) {
                String value = d.valueIn(row.dimensions());
                Integer j = value == null ? null : indexes.get(d.ordinal()).get(value);
                x[d.ordinal()] = j == null ? 0 : j;
            }
            long[] sums = counts.computeIfAbsent(new FeatureVector(x[0], x[1], x[2], x[3], x[4]), k -> new long[2]);
            sums[0] += row.visitors();
            sums[1] += row.converters();
        }
        List<FeatureVector> order = new ArrayList<>(counts.keySet());
        order.sort(FeatureVector.ORDER);
        int[][] features = new int[order.size()][];
        double[] trials = new double[order.size()];
        double[] successes = new double[order.size()];
        for (int i = 0; i < order.size(); i++) {
            FeatureVector v = order.get(i);
            features[i] = v.indexes();
            long[] sums = counts.get(v);
            trials[i] = sums[0];
            successes[i] = sums[1];
        }
        return new LogisticRegression.Rows(featureCount, features, trials, successes);
    }

    /** A row's feature index on each dimension, 0 where its value is not a feature. */
    private record FeatureVector(int device, int os, int browser, int country, int referrer) {

        static final Comparator<FeatureVector> ORDER = Comparator.comparingInt(FeatureVector::device)
                .thenComparingInt(FeatureVector::os)
                .thenComparingInt(FeatureVector::browser)
                .thenComparingInt(FeatureVector::country)
                .thenComparingInt(FeatureVector::referrer);

        int[] indexes() {
            int[] all = {device, os, browser, country, referrer};
            int n = 0;
            for (int j : all) {
                if (j != 0) {
                    all[n++] = j;
                }
            }
            return java.util.Arrays.copyOf(all, n);
        }
    }

    private static final class ValueTotals {
        long visitors;
        long converters;
        double revenue;

        void add(SegmentCount row) {
            visitors += row.visitors();
            converters += row.converters();
            revenue += row.revenue();
        }
    }
}
