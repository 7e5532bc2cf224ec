package dev.meridian.core.scoring;

import static dev.meridian.core.scoring.WorkedExampleTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.ConversionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RefreshingConversionModelsTest {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final List<SegmentCount> HISTORY = WorkedExampleTest.ROWS;
    static final List<SegmentCount> OTHER_HISTORY = List.of(
            row("desktop", "Linux", "Firefox", "DE", "a.com", 1000, 10, 500),
            row("mobile", "iOS", "Safari", "DE", "a.com", 1000, 30, 900));

    final MutableClock clock = new MutableClock();
    final FakeHistory history = new FakeHistory();
    final ManualExecutor executor = new ManualExecutor();
    RefreshingConversionModels models =
            new RefreshingConversionModels(history, clock, site -> ScoringSettings.defaults(), executor);

    @Test
    void theFirstCallBuildsTheModelOnTheSpotFromTheLast90Days() {
        history.rows = HISTORY;
        Optional<ConversionModel> model = models.forWebsite("site");
        assertThat(model).isPresent();
        assertThat(model.get().metrics().baselineConversionRate()).isEqualTo(0.0046);
        assertThat(history.calls).containsExactly(new Call("site", START.minus(Duration.ofDays(90)), START));
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void historyBelowTheMinimumsGivesNoModel() {
        history.rows = List.of(row("d", "o", "b", "c", "r", 50, 5, 10));
        assertThat(models.forWebsite("site")).isEmpty();
    }

    @Test
    void withinTheRefreshIntervalTheSameModelIsServedWithoutAskingTheHistory() {
        history.rows = HISTORY;
        ConversionModel first = models.forWebsite("site").orElseThrow();
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(models.forWebsite("site")).containsSame(first);
        assertThat(history.calls).hasSize(1);
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void aStaleModelIsRebuiltInTheBackgroundWhileCallersKeepThePreviousOne() {
        history.rows = HISTORY;
        ConversionModel first = models.forWebsite("site").orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        history.rows = OTHER_HISTORY;

        assertThat(models.forWebsite("site")).containsSame(first);
        assertThat(history.calls).hasSize(1); // nothing built on the caller's thread
        assertThat(executor.tasks).hasSize(1);

        executor.runAll();
        ConversionModel second = models.forWebsite("site").orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.metrics().baselineConversionRate()).isEqualTo(0.02);
        Instant rebuiltAt = START.plus(Duration.ofMinutes(5));
        assertThat(history.calls.get(1)).isEqualTo(new Call("site", rebuiltAt.minus(Duration.ofDays(90)), rebuiltAt));
    }

    @Test
    void atMostOneRebuildPerWebsiteRunsAtATime() {
        history.rows = HISTORY;
        models.forWebsite("site");
        clock.advance(Duration.ofMinutes(6));
        models.forWebsite("site");
        models.forWebsite("site");
        clock.advance(Duration.ofMinutes(6));
        models.forWebsite("site");
        assertThat(executor.tasks).hasSize(1);
    }

    @Test
    void websitesAreBuiltAndRefreshedIndependently() {
        history.rows = HISTORY;
        ConversionModel a = models.forWebsite("a").orElseThrow();
        clock.advance(Duration.ofMinutes(3));
        ConversionModel b = models.forWebsite("b").orElseThrow();
        assertThat(b).isNotSameAs(a);
        clock.advance(Duration.ofMinutes(2)); // a is due, b is not
        models.forWebsite("a");
        models.forWebsite("b");
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(history.calls).extracting(Call::websiteId).containsExactly("a", "b", "a");
    }

    @Test
    void aFailingRebuildKeepsThePreviousModelAndIsRetriedAfterTheInterval() {
        history.rows = HISTORY;
        ConversionModel first = models.forWebsite("site").orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        history.failure = new IllegalStateException("database down");
        models.forWebsite("site");
        executor.runAll();

        assertThat(models.forWebsite("site")).containsSame(first);
        clock.advance(Duration.ofMinutes(4));
        assertThat(models.forWebsite("site")).containsSame(first);
        assertThat(executor.tasks).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        history.failure = null;
        history.rows = OTHER_HISTORY;
        assertThat(models.forWebsite("site")).containsSame(first);
        executor.runAll();
        assertThat(models.forWebsite("site").orElseThrow().metrics().baselineConversionRate()).isEqualTo(0.02);
    }

    @Test
    void aFailingFirstBuildGivesNoModelAndIsRetriedAfterTheInterval() {
        history.failure = new IllegalStateException("database down");
        assertThat(models.forWebsite("site")).isEmpty();
        assertThat(models.forWebsite("site")).isEmpty();
        assertThat(history.calls).hasSize(1);

        history.failure = null;
        history.rows = HISTORY;
        clock.advance(Duration.ofMinutes(5));
        assertThat(models.forWebsite("site")).isEmpty();
        executor.runAll();
        assertThat(models.forWebsite("site")).isPresent();
    }

    @Test
    void aCallerArrivingDuringTheFirstBuildGetsNoModelInsteadOfWaiting() {
        history.rows = HISTORY;
        List<Optional<ConversionModel>> seenDuringBuild = new ArrayList<>();
        history.duringCall = () -> seenDuringBuild.add(models.forWebsite("site"));
        assertThat(models.forWebsite("site")).isPresent();
        assertThat(seenDuringBuild).containsExactly(Optional.empty());
        assertThat(history.calls).hasSize(1);
    }

    @Test
    void aCallerArrivingDuringABackgroundRebuildGetsThePreviousModel() {
        history.rows = HISTORY;
        ConversionModel first = models.forWebsite("site").orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        List<Optional<ConversionModel>> seenDuringBuild = new ArrayList<>();
        history.duringCall = () -> seenDuringBuild.add(models.forWebsite("site"));
        models.forWebsite("site");
        executor.runAll();
        assertThat(seenDuringBuild).containsExactly(Optional.of(first));
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void eachWebsiteUsesItsOwnSettings() {
        ScoringSettings shortWindow = ScoringSettings.defaults()
                .withLookbackDays(30).withRefreshInterval(Duration.ofMinutes(1));
        models = new RefreshingConversionModels(history, clock,
                site -> site.equals("short") ? shortWindow : ScoringSettings.defaults(), executor);
        history.rows = HISTORY;
        models.forWebsite("short");
        assertThat(history.calls).containsExactly(new Call("short", START.minus(Duration.ofDays(30)), START));
        clock.advance(Duration.ofMinutes(1));
        models.forWebsite("short");
        assertThat(executor.tasks).hasSize(1);
    }

    @Test
    void rulesOfTheCallersChoiceAreUsed() {
        ConversionModel fixed = new LogisticScoringRules(ScoringSettings.defaults()).fit(HISTORY).orElseThrow();
        List<List<SegmentCount>> seen = new ArrayList<>();
        Function<ScoringSettings, ScoringRules> rulesOf = settings -> rows -> {
            seen.add(rows);
            return Optional.of(fixed);
        };
        models = new RefreshingConversionModels(history, clock, site -> ScoringSettings.defaults(), rulesOf, executor);
        history.rows = OTHER_HISTORY;
        assertThat(models.forWebsite("site")).containsSame(fixed);
        assertThat(seen).containsExactly(OTHER_HISTORY);
    }

    @Test
    void aRebuildTheExecutorRefusesKeepsThePreviousModelAndIsTriedAgainOnTheNextCall() {
        history.rows = HISTORY;
        ConversionModel first = models.forWebsite("site").orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        executor.refusing = true;
        assertThat(models.forWebsite("site")).containsSame(first);
        executor.refusing = false;
        models.forWebsite("site");
        assertThat(executor.tasks).hasSize(1);
    }

    @Test
    void aForgottenWebsiteIsBuiltAfreshOnItsNextCall() {
        history.rows = HISTORY;
        models.forWebsite("site");
        models.forget("site");
        models.forWebsite("site");
        assertThat(history.calls).hasSize(2);
        assertThat(executor.tasks).isEmpty();
    }

    record Call(String websiteId, Instant from, Instant to) {
    }

    static final class FakeHistory implements ConversionHistory {
        List<SegmentCount> rows = List.of();
        RuntimeException failure;
        Runnable duringCall;
        final List<Call> calls = new ArrayList<>();

        @Override
        public List<SegmentCount> segments(String websiteId, Instant from, Instant to) {
            calls.add(new Call(websiteId, from, to));
            if (duringCall != null) {
                Runnable once = duringCall;
                duringCall = null;
                once.run();
            }
            if (failure != null) {
                throw failure;
            }
            return rows;
        }
    }

    static final class MutableClock implements Clock {
        Instant now = START;

        @Override
        public Instant now() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        boolean refusing;

        @Override
        public void execute(Runnable task) {
            if (refusing) {
                throw new RejectedExecutionException("shut down");
            }
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }
}
