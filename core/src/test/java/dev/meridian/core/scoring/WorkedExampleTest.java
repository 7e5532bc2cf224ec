package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/scoring.md §7, number for number. */
class WorkedExampleTest {

    static final List<SegmentCount> ROWS = List.of(
            row("desktop", "Mac OS", "Chrome", "US", "google.com", 4000, 30, 7500),
            row("desktop", "Windows", "Chrome", "US", "google.com", 3000, 12, 2800),
            row("mobile", "iOS", "Mobile Safari", "GB", "(direct)", 2500, 4, 800),
            row("mobile", "Android", "Chrome", "IN", "x.com", 500, 0, 0));

    final LogisticConversionModel model =
            new LogisticScoringRules(ScoringSettings.defaults()).model(ROWS).orElseThrow();

    @Test
    void baselineIsTheSiteAverage() {
        assertThat(model.metrics().baselineConversionRate()).isEqualTo(0.0046);
        assertThat(model.metrics().baselineAverageValue()).isCloseTo(11100.0 / 46, within(1e-12));
    }

    @Test
    void fittedWeightsAreThoseOfTheSpecification() {
        assertThat(round4(model.intercept())).isEqualTo(-6.2019);
        assertWeights(Dimension.DEVICE, Map.of("desktop", 0.2893, "mobile", -0.2893));
        assertWeights(Dimension.OS, Map.of("Mac OS", 0.4466, "Windows", -0.1573, "iOS", 0.0129, "Android", -0.3022));
        assertWeights(Dimension.BROWSER, Map.of("Chrome", -0.0129, "Mobile Safari", 0.0129));
        assertWeights(Dimension.COUNTRY, Map.of("US", 0.2893, "GB", 0.0129, "IN", -0.3022));
        assertWeights(Dimension.REFERRER, Map.of("google.com", 0.2893, "(direct)", 0.0129, "x.com", -0.3022));
    }

    @Test
    void aVisitorLikeTheBestSegmentScores82() {
        ConversionLikelihood l = model.likelihood(new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com"));
        assertThat(l.score()).isEqualTo(82);
        assertThat(round(l.confidence(), 3)).isEqualTo(0.984);
        assertThat(l.isBaseline()).isFalse();
        assertThat(l.dimensionMatches()).containsExactly("device", "os", "browser", "country", "referrer");
        assertThat(round4(l.conversionRate())).isEqualTo(0.0074);
        assertThat(round(l.averageValue(), 2)).isEqualTo(245.44);
        assertThat(round(l.expectedValue(), 2)).isEqualTo(1.81);
    }

    @Test
    void aVisitorLikeTheSegmentWithoutConvertersScores7() {
        ConversionLikelihood l = model.likelihood(new VisitorDimensions("mobile", "Android", "Chrome", "IN", "x.com"));
        assertThat(l.score()).isEqualTo(7);
        assertThat(round(l.confidence(), 3)).isEqualTo(0.891);
        assertThat(l.isBaseline()).isFalse();
        assertThat(l.dimensionMatches()).containsExactly("device", "os", "browser", "country", "referrer");
        assertThat(round4(l.conversionRate())).isEqualTo(0.0006);
        assertThat(round(l.averageValue(), 2)).isEqualTo(241.30);
        assertThat(round(l.expectedValue(), 2)).isEqualTo(0.15);
    }

    @Test
    void aVisitorMatchingNothingGetsTheBaseline() {
        ConversionLikelihood l = model.likelihood(new VisitorDimensions("tablet", "iPadOS", "Safari", "FR", "bing.com"));
        assertThat(l.score()).isEqualTo(50);
        assertThat(l.confidence()).isZero();
        assertThat(l.isBaseline()).isTrue();
        assertThat(l.dimensionMatches()).isEmpty();
        assertThat(round4(l.conversionRate())).isEqualTo(0.0046);
        assertThat(round(l.averageValue(), 2)).isEqualTo(241.30);
        assertThat(round(l.expectedValue(), 2)).isEqualTo(1.11);
    }

    private void assertWeights(Dimension dimension, Map<String, Double> expected) {
        Map<String, Double> weights = model.weights(dimension);
        assertThat(weights).containsOnlyKeys(expected.keySet());
        expected.forEach((value, weight) ->
                assertThat(round4(weights.get(value))).as("%s = %s", dimension.label(), value).isEqualTo(weight));
    }

    static SegmentCount row(String device, String os, String browser, String country, String referrer,
            long visitors, long converters, double revenue) {
        return new SegmentCount(new VisitorDimensions(device, os, browser, country, referrer), visitors, converters,
                revenue);
    }

    static double round4(double x) {
        return round(x, 4);
    }

    static double round(double x, int decimals) {
        return new java.math.BigDecimal(x).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
