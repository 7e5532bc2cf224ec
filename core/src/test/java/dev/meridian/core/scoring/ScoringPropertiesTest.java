package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The properties of docs/scoring.md §4, §5 and §7 on random segment tables. */
class ScoringPropertiesTest {

    static final ScoringSettings SETTINGS = ScoringSettings.defaults();
    final LogisticScoringRules rules = new LogisticScoringRules(SETTINGS);

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void fittedRatesReproduceTheTotalNumberOfConverters(@ForAll("tables") List<SegmentCount> rows) {
        LogisticConversionModel model = modelOf(rows);
        double predicted = 0;
        double converters = 0;
        for (SegmentCount row : rows) {
            predicted += row.visitors() * rateOf(model, row.dimensions());
            converters += row.converters();
        }
        assertThat(predicted).isCloseTo(converters, within(1e-6));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void eachFeaturesResidualBalancesItsPenalty(@ForAll("tables") List<SegmentCount> rows) {
        LogisticConversionModel model = modelOf(rows);
        for (Dimension d : Dimension.values()) {
            for (Map.Entry<String, Double> feature : model.weights(d).entrySet()) {
                double residual = 0;
                for (SegmentCount row : rows) {
                    if (feature.getKey().equals(d.valueIn(row.dimensions()))) {
                        residual += row.visitors() * rateOf(model, row.dimensions()) - row.converters();
                    }
                }
                assertThat(residual).as("%s = %s", d.label(), feature.getKey())
                        .isCloseTo(-SETTINGS.l2() * feature.getValue(), within(1e-6));
            }
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void shufflingTheRowsChangesNothing(@ForAll("tables") List<SegmentCount> rows, @ForAll long seed) {
        LogisticConversionModel model = modelOf(rows);
        List<SegmentCount> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        LogisticConversionModel other = modelOf(shuffled);
        assertThat(other.intercept()).isEqualTo(model.intercept());
        for (Dimension d : Dimension.values()) {
            assertThat(other.weights(d)).isEqualTo(model.weights(d));
        }
        for (SegmentCount row : rows) {
            ConversionLikelihood a = model.likelihood(row.dimensions());
            ConversionLikelihood b = other.likelihood(row.dimensions());
            assertThat(b.score()).isEqualTo(a.score());
            assertThat(b.dimensionMatches()).isEqualTo(a.dimensionMatches());
            assertThat(b.conversionRate()).isEqualTo(a.conversionRate());
            assertThat(b.confidence()).isEqualTo(a.confidence());
            assertThat(b.averageValue()).isCloseTo(a.averageValue(), within(1e-9 * (1 + a.averageValue())));
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void doublingEveryCountTheL2AndTheMinSupportLeavesTheWeightsUnchanged(@ForAll("tables") List<SegmentCount> rows) {
        LogisticConversionModel model = modelOf(rows);
        List<SegmentCount> doubled = rows.stream()
                .map(r -> new SegmentCount(r.dimensions(), 2 * r.visitors(), 2 * r.converters(), 2 * r.revenue()))
                .toList();
        ScoringSettings doubledSettings =
                SETTINGS.withL2(2 * SETTINGS.l2()).withMinSupport(2 * SETTINGS.minSupport());
        LogisticConversionModel other = new LogisticScoringRules(doubledSettings).model(doubled).orElseThrow();
        assertThat(other.intercept()).isCloseTo(model.intercept(), within(1e-6));
        for (Dimension d : Dimension.values()) {
            Map<String, Double> weights = model.weights(d);
            assertThat(other.weights(d)).containsOnlyKeys(weights.keySet());
            weights.forEach((value, w) -> assertThat(other.weights(d).get(value)).isCloseTo(w, within(1e-6)));
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void aVisitorMatchingNoDimensionGetsTheBaseline(
            @ForAll("tables") List<SegmentCount> rows, @ForAll("unseenVisitors") VisitorDimensions visitor) {
        LogisticConversionModel model = modelOf(rows);
        ConversionLikelihood l = model.likelihood(visitor);
        double p0 = model.metrics().baselineConversionRate();
        double v0 = model.metrics().baselineAverageValue();
        assertThat(l.isBaseline()).isTrue();
        assertThat(l.dimensionMatches()).isEmpty();
        assertThat(l.confidence()).isZero();
        assertThat(l.conversionRate()).isEqualTo(p0);
        assertThat(l.averageValue()).isEqualTo(v0);
        assertThat(l.expectedValue()).isEqualTo(p0 * v0);
        assertThat(l.score()).isEqualTo(50);
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void predictionsStayInTheirRanges(@ForAll("tables") List<SegmentCount> rows) {
        LogisticConversionModel model = modelOf(rows);
        for (SegmentCount row : rows) {
            ConversionLikelihood l = model.likelihood(row.dimensions());
            assertThat(l.score()).isBetween(0, 99);
            assertThat(l.confidence()).isBetween(0.0, 1.0);
            assertThat(l.conversionRate()).isStrictlyBetween(0.0, 1.0);
            assertThat(l.averageValue()).isGreaterThanOrEqualTo(0.0);
            assertThat(l.isBaseline()).isEqualTo(l.dimensionMatches().isEmpty());
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void customersAlwaysGet100(@ForAll @DoubleRange(min = 0, max = 1e9) double revenue) {
        ConversionLikelihood l = CustomerLikelihood.of(revenue);
        assertThat(l.score()).isEqualTo(100);
        assertThat(l.confidence()).isEqualTo(1);
        assertThat(l.isBaseline()).isFalse();
        assertThat(l.dimensionMatches()).isEmpty();
        assertThat(l.conversionRate()).isEqualTo(1);
        assertThat(l.averageValue()).isEqualTo(revenue);
        assertThat(l.expectedValue()).isEqualTo(revenue);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void aModelExistsExactlyWhenTheHistoryMeetsTheMinimums(
            @ForAll("smallTables") List<SegmentCount> rows,
            @ForAll @LongRange(min = 1, max = 400) long minVisitors,
            @ForAll @IntRange(min = 1, max = 10) int minConversions) {
        ScoringSettings settings = SETTINGS.withMinVisitors(minVisitors).withMinConversions(minConversions);
        long n = rows.stream().mapToLong(SegmentCount::visitors).sum();
        long c = rows.stream().mapToLong(SegmentCount::converters).sum();
        Optional<ConversionModel> model = new LogisticScoringRules(settings).fit(rows);
        assertThat(model.isPresent()).isEqualTo(n >= minVisitors && c >= minConversions && c < n);
    }

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void everybodyConvertedGivesNoModel(@ForAll("smallTables") List<SegmentCount> rows) {
        List<SegmentCount> allConverted = rows.stream()
                .map(r -> new SegmentCount(r.dimensions(), r.visitors() + 1, r.visitors() + 1, r.revenue()))
                .toList();
        assertThat(new LogisticScoringRules(SETTINGS.withMinVisitors(1).withMinConversions(1)).fit(allConverted))
                .isEmpty();
    }

    private LogisticConversionModel modelOf(List<SegmentCount> rows) {
        Optional<LogisticConversionModel> model = rules.model(rows);
        Assume.that(model.isPresent());
        return model.orElseThrow();
    }

    /** σ(w·x) computed from the model's published weights, independently of its prediction code. */
    private static double rateOf(LogisticConversionModel model, VisitorDimensions visitor) {
        double z = model.intercept();
        for (Dimension d : Dimension.values()) {
            Double w = model.weights(d).get(d.valueIn(visitor));
            if (w != null) {
                z += w;
            }
        }
        return 1 / (1 + Math.exp(-z));
    }

    @Provide
    Arbitrary<List<SegmentCount>> tables() {
        return rows(Arbitraries.longs().between(1, 600)).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<SegmentCount>> smallTables() {
        return rows(Arbitraries.longs().between(0, 60)).list().ofMinSize(0).ofMaxSize(8);
    }

    @Provide
    Arbitrary<VisitorDimensions> unseenVisitors() {
        Arbitrary<String> unseen = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> "unseen-" + s);
        return Combinators.combine(unseen.injectNull(0.3), unseen.injectNull(0.3), unseen.injectNull(0.3),
                unseen.injectNull(0.3), unseen).as(VisitorDimensions::new); // a null referrer is "(direct)"
    }

    private static Arbitrary<SegmentCount> rows(Arbitrary<Long> visitors) {
        Arbitrary<VisitorDimensions> dimensions = Combinators.combine(
                Arbitraries.of("desktop", "mobile", "tablet").injectNull(0.1),
                Arbitraries.of("Windows", "Mac OS", "iOS", "Android", "Linux").injectNull(0.1),
                Arbitraries.of("Chrome", "Safari", "Firefox", "Edge").injectNull(0.1),
                Arbitraries.of("US", "GB", "DE", "FR", "IN", "BR").injectNull(0.1),
                Arbitraries.of("(direct)", "google.com", "x.com", "news.ycombinator.com"))
                .as(VisitorDimensions::new);
        Arbitrary<Double> conversionRate = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 0.2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1)));
        Arbitrary<Double> price = Arbitraries.doubles().between(0, 500).ofScale(2);
        return Combinators.combine(dimensions, visitors, conversionRate, price).as((dims, n, rate, each) -> {
            long c = Math.round(n * rate);
            return new SegmentCount(dims, n, c, c * each);
        });
    }
}
