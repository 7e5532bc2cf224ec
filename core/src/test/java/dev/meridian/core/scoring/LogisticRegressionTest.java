package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void withoutFeaturesTheInterceptIsTheLogOddsOfTheRate() {
        var rows = new LogisticRegression.Rows(0, new int[][] {{}, {}}, new double[] {300, 700}, new double[] {10, 20});
        double[] w = new LogisticRegression(rows, 1.0).fit();
        assertThat(w).hasSize(1);
        assertThat(w[0]).isCloseTo(Math.log(30.0 / 970), within(1e-12));
    }

    @Test
    void aFeatureWithoutConvertersGetsAFiniteNegativeWeight() {
        // plain Newton overshoots on such data; the halving keeps the objective from increasing
        var rows = new LogisticRegression.Rows(1, new int[][] {{}, {1}}, new double[] {1000, 1000}, new double[] {50, 0});
        LogisticRegression regression = new LogisticRegression(rows, 0.01);
        double[] w = regression.fit();
        assertThat(w[1]).isNegative().isGreaterThan(-100);
        double[] gradient = new double[2];
        regression.derivatives(w, gradient, new double[][] {{0}, {0, 0}});
        assertThat(gradient).containsExactly(new double[] {0, 0}, within(1e-6));
    }

    @Test
    void theFitMinimisesTheObjective() {
        var rows = new LogisticRegression.Rows(2, new int[][] {{1}, {2}, {1, 2}, {}},
                new double[] {500, 400, 300, 800}, new double[] {12, 3, 20, 9});
        LogisticRegression regression = new LogisticRegression(rows, 1.0);
        double[] w = regression.fit();
        double best = regression.objective(w);
        for (int j = 0; j < w.length; j++) {
            for (double h : new double[] {-1e-4, 1e-4}) {
                double[] moved = w.clone();
                moved[j] += h;
                assertThat(regression.objective(moved)).isGreaterThan(best);
            }
        }
    }

    @Test
    void theInterceptIsNotPenalised() {
        // one feature on every row: only the penalty tells intercept and feature apart, and it pushes the
        // whole effect into the unpenalised intercept
        var rows = new LogisticRegression.Rows(1, new int[][] {{1}}, new double[] {1000}, new double[] {100});
        double[] w = new LogisticRegression(rows, 1.0).fit();
        assertThat(w[1]).isCloseTo(0, within(1e-9));
        assertThat(w[0]).isCloseTo(Math.log(100.0 / 900), within(1e-9));
    }

    @Test
    void refusesRowsWhereNobodyOrEverybodyConverted() {
        var none = new LogisticRegression.Rows(0, new int[][] {{}}, new double[] {10}, new double[] {0});
        var all = new LogisticRegression.Rows(0, new int[][] {{}}, new double[] {10}, new double[] {10});
        assertThatThrownBy(() -> new LogisticRegression(none, 1).fit()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogisticRegression(all, 1).fit()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFeatureIndexOutsideTheFeatures() {
        assertThatThrownBy(() -> new LogisticRegression.Rows(1, new int[][] {{2}}, new double[] {1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature index 2 outside 1..1");
    }
}
