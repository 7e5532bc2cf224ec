package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyDecompositionTest {

    @Test
    void solvesASmallSystemExactly() {
        // A = [[4, 2, 2], [2, 5, 3], [2, 3, 6]], x = (1, -2, 3)  =>  b = A·x = (6, 1, 14)
        double[][] a = {{4, 2, 2}, {2, 5, 3}, {2, 3, 6}};
        double[] x = CholeskyDecomposition.of(a).solve(new double[] {6, 1, 14});
        assertThat(x).containsExactly(new double[] {1, -2, 3}, within(1e-12));
    }

    @Test
    void readsOnlyTheLowerTriangleSoAPackedTriangleWorksToo() {
        double[][] packed = {{4}, {2, 5}, {2, 3, 6}};
        double[][] garbageAbove = {{4, 99, -7}, {2, 5, 1e6}, {2, 3, 6}};
        double[] b = {6, 1, 14};
        assertThat(CholeskyDecomposition.of(packed).solve(b.clone())).containsExactly(new double[] {1, -2, 3}, within(1e-12));
        assertThat(CholeskyDecomposition.of(garbageAbove).solve(b.clone()))
                .containsExactly(new double[] {1, -2, 3}, within(1e-12));
    }

    @Test
    void solutionsOfRandomPositiveDefiniteSystemsSatisfyTheSystem() {
        Random random = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(40);
            double[][] b = new double[n][n];
            for (double[] row : b) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            double[][] a = new double[n][n]; // Bᵀ·B + I is symmetric positive definite
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) {
                        s += b[k][i] * b[k][j];
                    }
                    a[i][j] = s;
                }
            }
            double[] rhs = random.doubles(n, -10, 10).toArray();
            double[] x = CholeskyDecomposition.of(a).solve(rhs.clone());
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * x[j];
                }
                assertThat(ax).as("row %d of a %dx%d system", i, n, n).isCloseTo(rhs[i], within(1e-8));
            }
        }
    }

    @Test
    void rejectsAMatrixThatIsNotPositiveDefinite() {
        double[][] indefinite = {{1, 2}, {2, 1}};
        assertThatThrownBy(() -> CholeskyDecomposition.of(indefinite))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not positive definite");
    }

    @Test
    void rejectsARowThatIsTooShort() {
        double[][] ragged = {{1}, {0}};
        assertThatThrownBy(() -> CholeskyDecomposition.of(ragged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1");
    }

    @Test
    void rejectsARightHandSideOfTheWrongSize() {
        CholeskyDecomposition identity = CholeskyDecomposition.of(new double[][] {{1, 0}, {0, 1}});
        assertThatThrownBy(() -> identity.solve(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 entries, expected 2");
    }
}
