package dev.meridian.benchmarks;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well predicted probabilities rank and match outcomes.
 *
 * @param auc                       area under the ROC curve against the observed outcomes
 * @param expectedCalibrationError  ECE over 10 equal-count bins against the observed outcomes
 * @param calibrationErrorToTruth   the same ECE against the true probabilities instead of the 0/1 outcomes: no
 *                                  sampling noise from the outcomes, so it shows the predictor's own error
 */
record PredictionQuality(double auc, double expectedCalibrationError, double calibrationErrorToTruth) {

    static final int BINS = 10;

    static PredictionQuality of(double[] predicted, boolean[] outcome, double[] trueProbability) {
        double[] observed = new double[outcome.length];
        for (int i = 0; i < outcome.length; i++) {
            observed[i] = outcome[i] ? 1 : 0;
        }
        return new PredictionQuality(auc(predicted, outcome),
                expectedCalibrationError(predicted, observed, BINS),
                expectedCalibrationError(predicted, trueProbability, BINS));
    }

    /**
     * Area under the ROC curve: the chance that a random converter is ranked above a random non-converter, ties
     * counting one half (Mann–Whitney U with mid-ranks).
     */
    static double auc(double[] predicted, boolean[] outcome) {
        check(predicted, outcome);
        Integer[] order = sortedIndexes(predicted);
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && predicted[order[j + 1]] == predicted[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (outcome[order[k]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = order.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both outcomes, got " + positives + " positives and "
                    + negatives + " negatives");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Expected calibration error over {@code bins} bins of (about) equal count: {@code Σ (n_b / N)·|mean predicted
     * − mean outcome|}, the outcomes being 0/1 or probabilities. Equal-count rather than equal-width bins because conversion rates of a few percent would
     * put every visitor into the first of ten equal-width bins. Equal predictions always share a bin (a group of
     * ties goes where its first member falls), so the result does not depend on the input order.
     */
    static double expectedCalibrationError(double[] predicted, double[] outcome, int bins) {
        if (predicted.length != outcome.length || predicted.length == 0) {
            throw new IllegalArgumentException("need as many outcomes as predictions, and some: got "
                    + predicted.length + " predictions and " + outcome.length + " outcomes");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("need at least one bin, got " + bins);
        }
        int n = predicted.length;
        Integer[] order = sortedIndexes(predicted);
        double[] predictedSum = new double[bins];
        double[] observedSum = new double[bins];
        long[] count = new long[bins];
        int bin = 0;
        for (int i = 0; i < n; i++) {
            boolean startsGroup = i == 0 || predicted[order[i]] != predicted[order[i - 1]];
            if (startsGroup) {
                bin = (int) ((long) i * bins / n);
            }
            predictedSum[bin] += predicted[order[i]];
            observedSum[bin] += outcome[order[i]];
            count[bin]++;
        }
        double error = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                error += Math.abs(predictedSum[b] - observedSum[b]) / n; // (n_b / N)·|mean_p − mean_y|
            }
        }
        return error;
    }

    private static Integer[] sortedIndexes(double[] predicted) {
        Integer[] order = IntStream.range(0, predicted.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
        return order;
    }

    private static void check(double[] predicted, boolean[] outcome) {
        if (predicted.length != outcome.length || predicted.length == 0) {
            throw new IllegalArgumentException("need as many outcomes as predictions, and some: got "
                    + predicted.length + " predictions and " + outcome.length + " outcomes");
        }
    }
}
