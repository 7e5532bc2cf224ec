package dev.meridian.core.scoring;

import static dev.meridian.core.scoring.WorkedExampleTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticScoringRulesTest {

    final LogisticScoringRules rules = new LogisticScoringRules(ScoringSettings.defaults());

    @Test
    void aValueWithExactlyMinSupportVisitorsIsAFeatureAndOneWithFewerIsNot() {
        List<SegmentCount> rows = List.of(
                row("desktop", "Linux", "Firefox", "DE", "a.com", 30, 1, 10),
                row("desktop", "BeOS", "Firefox", "DE", "a.com", 29, 1, 10),
                row("desktop", "Windows", "Firefox", "DE", "a.com", 100, 2, 20));
        LogisticConversionModel model = rules.model(rows).orElseThrow();
        assertThat(model.weights(Dimension.OS)).containsOnlyKeys("Windows", "Linux");
        assertThat(model.likelihood(new VisitorDimensions(null, "BeOS", null, null, "b.com")).isBaseline()).isTrue();
    }

    @Test
    void atMostMaxValuesPerDimensionAreKeptTheMostFrequentFirstTiesByStringOrder() {
        List<SegmentCount> rows = List.of(
                row("d", "zeta", "b", "c", "r", 50, 1, 1),
                row("d", "alpha", "b", "c", "r", 40, 1, 1),
                row("d", "beta", "b", "c", "r", 40, 1, 1),
                row("d", "gamma", "b", "c", "r", 40, 1, 1));
        LogisticConversionModel model =
                new LogisticScoringRules(ScoringSettings.defaults().withMaxValuesPerDimension(3)).model(rows).orElseThrow();
        assertThat(model.weights(Dimension.OS).keySet()).containsExactly("zeta", "alpha", "beta");
    }

    @Test
    void anUnknownValueIsNeverAFeatureAndNeverMatches() {
        List<SegmentCount> rows = List.of(
                row(null, null, null, null, "(direct)", 500, 5, 50),
                row("mobile", "iOS", "Safari", "FR", "(direct)", 500, 10, 100));
        LogisticConversionModel model = rules.model(rows).orElseThrow();
        for (Dimension d : List.of(Dimension.DEVICE, Dimension.OS, Dimension.BROWSER, Dimension.COUNTRY)) {
            assertThat(model.weights(d)).containsOnlyKeys(d == Dimension.DEVICE ? "mobile"
                    : d == Dimension.OS ? "iOS" : d == Dimension.BROWSER ? "Safari" : "FR");
        }
        ConversionLikelihood unknown = model.likelihood(new VisitorDimensions(null, null, null, null, "elsewhere.org"));
        assertThat(unknown.isBaseline()).isTrue();
        assertThat(unknown.dimensionMatches()).isEmpty();
    }

    @Test
    void matchesAreReportedInTheFixedDimensionOrderAndOnlyMatchingDimensionsCount() {
        LogisticConversionModel model = rules.model(WorkedExampleTest.ROWS).orElseThrow();
        // os and referrer match; device, browser and country do not
        ConversionLikelihood l = model.likelihood(new VisitorDimensions("tablet", "iOS", "Opera", null, "x.com"));
        assertThat(l.dimensionMatches()).containsExactly("os", "referrer");
        assertThat(l.isBaseline()).isFalse();
        double w = model.intercept() + model.weights(Dimension.OS).get("iOS") + model.weights(Dimension.REFERRER).get("x.com");
        assertThat(l.conversionRate()).isCloseTo(1 / (1 + Math.exp(-w)), within(1e-15));
        // confidence: iOS has 2500 visitors, x.com 500, m = 100
        assertThat(l.confidence()).isCloseTo((2500.0 / 2600 + 500.0 / 600) / 2, within(1e-15));
        // value: iOS 4 converters / 800, x.com 0 / 0, shrunk with mv = 5 toward v0
        double v0 = 11100.0 / 46;
        assertThat(l.averageValue()).isCloseTo((800 + 5 * v0 + 0 + 5 * v0) / (4 + 5 + 0 + 5), within(1e-9));
        assertThat(l.expectedValue()).isCloseTo(l.conversionRate() * l.averageValue(), within(1e-15));
    }

    @Test
    void theScoreIsClampedTo99ForVisitorsWhoHaveNotPaid() {
        List<SegmentCount> rows = List.of(
                row("desktop", "a", "b", "c", "r", 100, 90, 9000),
                row("mobile", "a", "b", "c", "r", 10000, 10, 1000));
        LogisticConversionModel model = rules.model(rows).orElseThrow();
        assertThat(model.likelihood(new VisitorDimensions("desktop", null, null, null, "none")).score()).isEqualTo(99);
    }

    @Test
    void theScoreCanFallToZero() {
        List<SegmentCount> rows = List.of(
                row("desktop", "a", "b", "c", "r", 10000, 9000, 900000),
                row("mobile", "a", "b", "c", "r", 10000, 0, 0));
        LogisticConversionModel model = rules.model(rows).orElseThrow();
        assertThat(model.likelihood(new VisitorDimensions("mobile", null, null, null, "none")).score()).isZero();
    }

    @Test
    void withoutAnyRevenueTheScoreComparesRatesInstead() {
        List<SegmentCount> rows = List.of(
                row("desktop", "a", "b", "c", "r", 1000, 20, 0),
                row("mobile", "a", "b", "c", "r", 1000, 5, 0));
        LogisticConversionModel model = rules.model(rows).orElseThrow();
        ConversionLikelihood desktop = model.likelihood(new VisitorDimensions("desktop", null, null, null, "none"));
        assertThat(desktop.expectedValue()).isZero();
        assertThat(desktop.score()).isEqualTo((int) Math.round(50 * desktop.conversionRate() / 0.0125));
        assertThat(desktop.score()).isGreaterThan(50);
    }

    @Test
    void noModelBelowTheMinimumVisitors() {
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 99, 5, 50)))).isEmpty();
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 100, 5, 50)))).isPresent();
    }

    @Test
    void noModelBelowTheMinimumConversions() {
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 1000, 2, 50)))).isEmpty();
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 1000, 3, 50)))).isPresent();
    }

    @Test
    void noModelWhenEveryVisitorConverted() {
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 150, 150, 50)))).isEmpty();
        assertThat(rules.fit(List.of(row("d", "o", "b", "c", "r", 150, 149, 50)))).isPresent();
    }

    @Test
    void noModelWithoutHistory() {
        assertThat(rules.fit(List.of())).isEmpty();
    }

    @Test
    void metricsAreTheBaseline() {
        List<SegmentCount> rows = new ArrayList<>(WorkedExampleTest.ROWS);
        ConversionModel model = rules.fit(rows).orElseThrow();
        assertThat(model.metrics().baselineConversionRate()).isEqualTo(46.0 / 10000);
        assertThat(model.metrics().baselineAverageValue()).isEqualTo(11100.0 / 46);
    }

    @Test
    void rowsWithoutVisitorsChangeNothing() {
        List<SegmentCount> rows = new ArrayList<>(WorkedExampleTest.ROWS);
        rows.add(row("tablet", "iPadOS", "Safari", "FR", "bing.com", 0, 0, 0));
        LogisticConversionModel with = rules.model(rows).orElseThrow();
        LogisticConversionModel without = rules.model(WorkedExampleTest.ROWS).orElseThrow();
        assertThat(with.intercept()).isEqualTo(without.intercept());
        assertThat(with.weights(Dimension.OS)).isEqualTo(without.weights(Dimension.OS));
    }
}
