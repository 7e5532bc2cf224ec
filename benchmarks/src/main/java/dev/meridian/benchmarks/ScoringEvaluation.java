package dev.meridian.benchmarks;

import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.scoring.Dimension;
import dev.meridian.core.scoring.RefreshingConversionModels;
import dev.meridian.core.scoring.ScoringSettings;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.out.ConversionHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * docs/scoring.md §8: fits the model on 90 days of synthetic traffic with known truth, scores fresh visitors, and
 * prints AUC and expected calibration error for the model, the baseline, each dimension alone, a naive product of
 * the dimensions, and the true probabilities (the ceiling).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.meridian.benchmarks.ScoringEvaluation [seed]
 * [visitorsPerDay] [testVisitors]}
 */
public final class ScoringEvaluation {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    /** 100 days of history, so that the first 10 lie outside the 90-day window. */
    static final int DAYS = 100;

    private ScoringEvaluation() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int perDay = args.length > 1 ? Integer.parseInt(args[1]) : 1250;
        int testVisitors = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        ScoringSettings settings = ScoringSettings.defaults();

        SyntheticTraffic traffic = new SyntheticTraffic(seed);
        List<SyntheticTraffic.Visitor> history = traffic.days(NOW, DAYS, perDay);
        List<SyntheticTraffic.Visitor> fresh = new ArrayList<>(testVisitors);
        for (int i = 0; i < testVisitors; i++) {
            fresh.add(traffic.next(NOW.plusSeconds(i)));
        }

        // the model as the server builds it: through the cache, whose history query picks the 90-day window
        List<SegmentCount> trainingRows = new ArrayList<>();
        ConversionHistory store = (websiteId, from, to) -> {
            List<SyntheticTraffic.Visitor> window = history.stream()
                    .filter(v -> !v.firstSeen().isBefore(from) && v.firstSeen().isBefore(to))
                    .toList();
            trainingRows.addAll(SyntheticTraffic.segments(window));
            return trainingRows;
        };
        long started = System.nanoTime();
        ConversionModel model = new RefreshingConversionModels(store, () -> NOW, site -> settings, Runnable::run)
                .forWebsite("synthetic")
                .orElseThrow(() -> new IllegalStateException("the synthetic history is below the minimums"));
        long buildMillis = (System.nanoTime() - started) / 1_000_000;

        long trainingVisitors = trainingRows.stream().mapToLong(SegmentCount::visitors).sum();
        long trainingConverters = trainingRows.stream().mapToLong(SegmentCount::converters).sum();
        double p0 = model.metrics().baselineConversionRate();
        boolean[] outcome = new boolean[fresh.size()];
        double[] truth = new double[fresh.size()];
        for (int i = 0; i < outcome.length; i++) {
            outcome[i] = fresh.get(i).converted();
            truth[i] = fresh.get(i).trueProbability();
        }

        Map<String, ToDoubleFunction<SyntheticTraffic.Visitor>> predictors = new LinkedHashMap<>();
        predictors.put("regression (docs/scoring.md)", v -> model.likelihood(v.dimensions()).conversionRate());
        predictors.put("baseline p0 only", v -> p0);
        List<Map<String, Double>> shrunk = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            Map<String, Double> rates = shrunkRates(trainingRows, d, p0, settings.priorStrength());
            shrunk.add(rates);
            predictors.put(d.label() + " alone (shrunk rate)", v -> rates.getOrDefault(d.valueIn(v.dimensions()), p0));
        }
        predictors.put("product of the five (naive)", v -> {
            double p = p0;
            for (Dimension d : Dimension.values()) {
                p *= shrunk.get(d.ordinal()).getOrDefault(d.valueIn(v.dimensions()), p0) / p0;
            }
            return Math.min(p, 1);
        });
        predictors.put("true probability (ceiling)", SyntheticTraffic.Visitor::trueProbability);

        long freshConverters = fresh.stream().filter(SyntheticTraffic.Visitor::converted).count();
        System.out.printf(Locale.ROOT, "seed %d: %d visitors over %d days, %d in the 90-day window (%d converters, "
                        + "p0 = %.4f, %d segment rows); model built in %d ms (single run, not a benchmark)%n",
                seed, history.size(), DAYS, trainingVisitors, trainingConverters, p0, trainingRows.size(),
                buildMillis);
        System.out.printf(Locale.ROOT, "scored %d fresh visitors (%d converted)%n%n", fresh.size(), freshConverters);
        System.out.printf(Locale.ROOT, "| %-30s | %6s | %7s | %12s |%n", "predictor", "AUC", "ECE", "ECE to truth");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(32), "-".repeat(8), "-".repeat(9), "-".repeat(14));
        predictors.forEach((name, predictor) -> {
            double[] predicted = fresh.stream().mapToDouble(predictor).toArray();
            PredictionQuality q = PredictionQuality.of(predicted, outcome, truth);
            System.out.printf(Locale.ROOT, "| %-30s | %6.4f | %7.5f | %12.5f |%n",
                    name, q.auc(), q.expectedCalibrationError(), q.calibrationErrorToTruth());
        });
    }

    /** Each value's conversion rate shrunk toward p0: {@code (c + m·p0) / (n + m)}. */
    static Map<String, Double> shrunkRates(List<SegmentCount> rows, Dimension d, double p0, double m) {
        Map<String, long[]> counts = new HashMap<>();
        for (SegmentCount row : rows) {
            String value = d.valueIn(row.dimensions());
            if (value != null) {
                long[] c = counts.computeIfAbsent(value, k -> new long[2]);
                c[0] += row.visitors();
                c[1] += row.converters();
            }
        }
        Map<String, Double> rates = new HashMap<>();
        counts.forEach((value, c) -> rates.put(value, (c[1] + m * p0) / (c[0] + m)));
        return rates;
    }
}
