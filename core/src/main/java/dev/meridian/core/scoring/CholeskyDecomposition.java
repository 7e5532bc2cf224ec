package dev.meridian.core.scoring;

/**
 * {@code A = L·Lᵀ} of a symmetric positive-definite matrix, to solve {@code A·x = b}: the Newton step of
 * {@link LogisticRegression}. Written out because a few dozen lines beat a matrix library in core.
 */
final class CholeskyDecomposition {

    /** Row {@code i} holds {@code L[i][0..i]}. */
    private final double[][] lower;

    private CholeskyDecomposition(double[][] lower) {
        this.lower = lower;
    }

    /**
     * Decomposes the symmetric matrix {@code a}, reading only its lower triangle ({@code a[i][j]} with
     * {@code j <= i}), so row {@code i} may be a full row or just its first {@code i + 1} entries.
     *
     * @throws IllegalArgumentException if a row is too short or {@code a} is not positive definite
     */
    static CholeskyDecomposition of(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length <= i || a[i].length > n) {
                throw new IllegalArgumentException("row " + i + " of a " + n + "×" + n + " matrix has "
                        + a[i].length + " entries, expected " + (i + 1) + " to " + n);
            }
            double[] li = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double[] lj = j == i ? li : l[j];
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= li[k] * lj[k];
                }
                if (j == i) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + " is "
                                + sum + ")");
                    }
                    li[i] = Math.sqrt(sum);
                } else {
                    li[j] = sum / lj[j];
                }
            }
            l[i] = li;
        }
        return new CholeskyDecomposition(l);
    }

    int size() {
        return lower.length;
    }

    /** The {@code x} with {@code A·x = b}. */
    double[] solve(double[] b) {
        int n = lower.length;
        if (b.length != n) {
            throw new IllegalArgumentException("right-hand side has " + b.length + " entries, expected " + n);
        }
        // forward: L·y = b
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] li = lower[i];
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= li[k] * y[k];
            }
            y[i] = sum / li[i];
        }
        // backward: Lᵀ·x = y, walking L by rows
        double[] x = y;
        for (int i = n - 1; i >= 0; i--) {
            double[] li = lower[i];
            x[i] /= li[i];
            double xi = x[i];
            for (int k = 0; k < i; k++) {
                x[k] -= li[k] * xi;
            }
        }
        return x;
    }
}
