package dev.meridian.core.scoring;

import java.util.Arrays;

/**
 * The regularised logistic regression of docs/scoring.md §4 on grouped binary outcomes, by damped Newton–Raphson.
 *
 * <p>Weight 0 is the intercept (not penalised); weights {@code 1..featureCount} belong to the features. Each row
 * is {@code trials} visitors of whom {@code successes} converted, with a 1 for the intercept and a 1 for each of
 * its {@code features}.
 */
final class LogisticRegression {

    static final double TOLERANCE = 1e-9;
    static final int MAX_STEPS = 100;
    /** Relative size of the objective's rounding noise, far above one ulp of a sum of many rows. */
    private static final double NOISE = 1e-11;

    /** Grouped rows: {@code features[i]} are the (1-based, distinct) feature indexes of row {@code i}. */
    record Rows(int featureCount, int[][] features, double[] trials, double[] successes) {

        Rows {
            if (features.length != trials.length || trials.length != successes.length) {
                throw new IllegalArgumentException("features, trials and successes differ in length");
            }
            for (int[] row : features) {
                for (int j : row) {
                    if (j < 1 || j > featureCount) {
                        throw new IllegalArgumentException("feature index " + j + " outside 1.." + featureCount);
                    }
                }
            }
        }

        int size() {
            return trials.length;
        }

        double totalTrials() {
            return Arrays.stream(trials).sum();
        }

        double totalSuccesses() {
            return Arrays.stream(successes).sum();
        }
    }

    private final Rows rows;
    private final double l2;

    LogisticRegression(Rows rows, double l2) {
        this.rows = rows;
        this.l2 = l2;
    }

    /**
     * The weights minimising {@link #objective}: Newton from {@code (logit p0, 0, …, 0)}, step {@code w − t·Δ}
     * with {@code H·Δ = g}, {@code t} halved from 1 until the objective does not increase, until
     * {@code max |t·Δ| < 1e-9} or 100 steps.
     */
    double[] fit() {
        int p = rows.featureCount() + 1;
        double rate = rows.totalSuccesses() / rows.totalTrials();
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("need some but not all trials to succeed, got a rate of " + rate);
        }
        double[] w = new double[p];
        w[0] = Math.log(rate / (1 - rate));
        double current = objective(w);
        double[] candidate = new double[p];
        double[][] hessian = new double[p][];
        for (int j = 0; j < p; j++) {
            hessian[j] = new double[j + 1];
        }
        double[] gradient = new double[p];
        for (int step = 0; step < MAX_STEPS; step++) {
            derivatives(w, gradient, hessian);
            double[] delta = CholeskyDecomposition.of(hessian).solve(gradient);
            // gᵀΔ = Δᵀ·H·Δ: twice the decrease the full step promises. Once that is below the rounding noise of
            // the objective, comparing objectives says nothing, and the full step is safe (its H-norm is tiny).
            double decrement = 0;
            for (int j = 0; j < p; j++) {
                decrement += gradient[j] * delta[j];
            }
            boolean belowNoise = decrement <= NOISE * (1 + Math.abs(current));
            double t = 1;
            double next;
            double largest;
            while (true) {
                largest = 0;
                for (int j = 0; j < p; j++) {
                    double move = t * delta[j];
                    candidate[j] = w[j] - move;
                    largest = Math.max(largest, Math.abs(move));
                }
                next = objective(candidate);
                if (next <= current || belowNoise || !(largest >= TOLERANCE)) {
                    break;
                }
                t /= 2;
            }
            double[] swap = w;
            w = candidate;
            candidate = swap;
            current = next;
            if (largest < TOLERANCE) {
                break;
            }
        }
        return w;
    }

    /** {@code Σ −[c·ln σ(w·x) + (n − c)·ln(1 − σ(w·x))] + (l2 / 2)·Σ_{j ≥ 1} w_j²}. */
    double objective(double[] w) {
        int[][] features = rows.features();
        double[] trials = rows.trials();
        double[] successes = rows.successes();
        double sum = 0;
        for (int i = 0; i < trials.length; i++) {
            double z = linear(w, features[i]);
            // −ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z), sharing ln(1 + e^−|z|)
            double common = Math.log1p(Math.exp(-Math.abs(z)));
            sum += successes[i] * (Math.max(-z, 0) + common) + (trials[i] - successes[i]) * (Math.max(z, 0) + common);
        }
        double penalty = 0;
        for (int j = 1; j < w.length; j++) {
            penalty += w[j] * w[j];
        }
        return sum + l2 / 2 * penalty;
    }

    /** Fills {@code gradient} and the lower triangle of {@code hessian} of the objective at {@code w}. */
    void derivatives(double[] w, double[] gradient, double[][] hessian) {
        int[][] features = rows.features();
        double[] trials = rows.trials();
        double[] successes = rows.successes();
        Arrays.fill(gradient, 0);
        for (double[] row : hessian) {
            Arrays.fill(row, 0);
        }
        for (int i = 0; i < trials.length; i++) {
            int[] x = features[i];
            double sigma = sigmoid(linear(w, x));
            double residual = trials[i] * sigma - successes[i];
            double curvature = trials[i] * sigma * (1 - sigma);
            gradient[0] += residual;
            hessian[0][0] += curvature;
            for (int a = 0; a < x.length; a++) {
                int ja = x[a];
                gradient[ja] += residual;
                double[] hrow = hessian[ja];
                hrow[0] += curvature;
                hrow[ja] += curvature;
                for (int b = 0; b < a; b++) {
                    int jb = x[b];
                    if (jb < ja) {
                        hrow[jb] += curvature;
                    } else {
                        hessian[jb][ja] += curvature;
                    }
                }
            }
        }
        for (int j = 1; j < w.length; j++) {
            gradient[j] += l2 * w[j];
            hessian[j][j] += l2;
        }
    }

    static double linear(double[] w, int[] features) {
        double z = w[0];
        for (int j : features) {
            z += w[j];
        }
        return z;
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
