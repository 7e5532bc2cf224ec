package dev.meridian.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PredictionQualityTest {

    @Test
    void aucOfAPerfectRankingIsOneAndOfAReversedRankingZero() {
        boolean[] outcome = {false, false, true, true};
        assertThat(PredictionQuality.auc(new double[] {0.1, 0.2, 0.3, 0.4}, outcome)).isEqualTo(1.0);
        assertThat(PredictionQuality.auc(new double[] {0.4, 0.3, 0.2, 0.1}, outcome)).isEqualTo(0.0);
    }

    @Test
    void aucCountsTheCorrectlyOrderedPairs() {
        // pairs (positive, negative): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes -> 3/4
        double auc = PredictionQuality.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(auc).isEqualTo(0.75);
    }

    @Test
    void aucCountsATieBetweenAConverterAndANonConverterAsOneHalf() {
        assertThat(PredictionQuality.auc(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        // pairs: (0.5, 0.5) half, (0.5, 0.2) yes, (0.9, 0.5) yes, (0.9, 0.2) yes -> 3.5 / 4
        double auc = PredictionQuality.auc(new double[] {0.5, 0.2, 0.5, 0.9}, new boolean[] {false, false, true, true});
        assertThat(auc).isEqualTo(0.875);
    }

    @Test
    void aConstantPredictorHasAnAucOfOneHalf() {
        assertThat(PredictionQuality.auc(new double[] {0.02, 0.02, 0.02, 0.02, 0.02},
                new boolean[] {true, false, false, true, false})).isEqualTo(0.5);
    }

    @Test
    void aucNeedsBothOutcomes() {
        assertThatThrownBy(() -> PredictionQuality.auc(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both outcomes");
    }

    @Test
    void calibrationErrorOfPredictionsThatMatchTheirBinsIsZero() {
        // two bins of 4: predictions 0.25 with 1 of 4 converting, 0.75 with 3 of 4
        double[] p = {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75};
        double[] y = {1, 0, 0, 0, 1, 1, 0, 1};
        assertThat(PredictionQuality.expectedCalibrationError(p, y, 2)).isCloseTo(0, within(1e-15));
    }

    @Test
    void calibrationErrorWeighsEachBinsGapByItsShare() {
        // bin 1: mean 0.1, observed 0.5 (gap 0.4); bin 2: mean 0.9, observed 1.0 (gap 0.1); each half of the data
        double[] p = {0.1, 0.1, 0.9, 0.9};
        double[] y = {1, 0, 1, 1};
        assertThat(PredictionQuality.expectedCalibrationError(p, y, 2)).isCloseTo(0.5 * 0.4 + 0.5 * 0.1, within(1e-15));
    }

    @Test
    void equalPredictionsShareABinSoAConstantPredictorIsOffByItsOverallGap() {
        double[] p = {0.3, 0.3, 0.3, 0.3, 0.3};
        double[] y = {1, 0, 0, 0, 0};
        assertThat(PredictionQuality.expectedCalibrationError(p, y, 10)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void calibrationAgainstProbabilitiesComparesMeansOfProbabilities() {
        double[] p = {0.1, 0.1, 0.3, 0.3};
        double[] truth = {0.05, 0.15, 0.2, 0.2};
        // bin 1: mean 0.1 vs 0.1 (gap 0); bin 2: mean 0.3 vs 0.2 (gap 0.1), half of the data
        assertThat(PredictionQuality.expectedCalibrationError(p, truth, 2)).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void qualityOfAPredictorCombinesTheThreeFigures() {
        double[] p = {0.1, 0.1, 0.9, 0.9};
        PredictionQuality q = PredictionQuality.of(p, new boolean[] {true, false, true, true}, new double[] {0.1, 0.1, 0.9, 0.9});
        assertThat(q.auc()).isEqualTo(PredictionQuality.auc(p, new boolean[] {true, false, true, true}));
        assertThat(q.expectedCalibrationError()).isCloseTo(0.25, within(1e-15)); // 10 bins: ties share one
        assertThat(q.calibrationErrorToTruth()).isCloseTo(0, within(1e-15));
    }

    @Test
    void tenBinsOfEqualCountSplitSortedPredictions() {
        // 20 predictions 0.00, 0.05, ..., 0.95; bins of two; in each bin exactly one converts (rate 0.5)
        double[] p = new double[20];
        double[] y = new double[20];
        double expected = 0;
        for (int i = 0; i < 20; i++) {
            p[i] = i * 0.05;
            y[i] = i % 2 == 0 ? 1 : 0;
        }
        for (int b = 0; b < 10; b++) {
            double mean = (p[2 * b] + p[2 * b + 1]) / 2;
            expected += 0.1 * Math.abs(mean - 0.5);
        }
        assertThat(PredictionQuality.expectedCalibrationError(p, y, 10)).isCloseTo(expected, within(1e-12));
    }
}
