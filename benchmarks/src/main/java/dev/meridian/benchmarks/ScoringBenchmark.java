package dev.meridian.benchmarks;

import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.scoring.LogisticScoringRules;
import dev.meridian.core.scoring.ScoringRules;
import dev.meridian.core.scoring.ScoringSettings;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * docs/scoring.md §6: predictions per second (target over 1,000,000 per core) and the time to fit 100,000 segment rows
 * with 500 features (target under 2 s). Single-threaded: one benchmark thread is one core.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ScoringBenchmark -f 1 -wi 2 -i 3}
 */
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class ScoringBenchmark {

    static final int ROWS = 100_000;
    static final int VALUES_PER_DIMENSION = 100;

    /** The 100,000-row, 500-feature history and its model. */
    @State(Scope.Benchmark)
    public static class WideHistory {
        List<SegmentCount> rows;
        ScoringRules rules;
        ConversionModel model;

        @Setup
        public void generate() {
            rows = SyntheticTraffic.wideSegments(ROWS, VALUES_PER_DIMENSION, 7);
            rules = new LogisticScoringRules(ScoringSettings.defaults());
            model = rules.fit(rows).orElseThrow();
        }
    }

    /**
     * Live visitors whose five dimensions all match a feature: the most expensive prediction (the baseline of a
     * visitor matching nothing is precomputed). Their strings are fresh copies, as parsed from a request would be.
     */
    @State(Scope.Thread)
    public static class LiveVisitors {
        static final int COUNT = 4096;
        final VisitorDimensions[] visitors = new VisitorDimensions[COUNT];
        int next;

        @Setup
        public void generate() {
            Random random = new Random(11);
            for (int i = 0; i < COUNT; i++) {
                int[] x = new int[5];
                for (int d = 0; d < 5; d++) {
                    x[d] = random.nextInt(VALUES_PER_DIMENSION);
                }
                VisitorDimensions v = SyntheticTraffic.wideVisitor(x);
                visitors[i] = new VisitorDimensions(new String(v.device()), new String(v.os()),
                        new String(v.browser()), new String(v.country()), new String(v.referrer()));
            }
        }

        VisitorDimensions next() {
            next = (next + 1) & (COUNT - 1);
            return visitors[next];
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ConversionLikelihood predict(WideHistory history, LiveVisitors live) {
        return history.model.likelihood(live.next());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Optional<ConversionModel> fit100kRows500Features(WideHistory history) {
        return history.rules.fit(history.rows);
    }
}
