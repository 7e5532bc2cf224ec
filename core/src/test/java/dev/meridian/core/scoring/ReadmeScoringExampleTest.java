package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the scoring example of README.md. Keep the two identical. */
class ReadmeScoringExampleTest {

    @Test
    void theReadmeScoringExampleFitsAndScores() {
        List<SegmentCount> history = List.of(
                new SegmentCount(new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com"), 4000, 30, 7500),
                new SegmentCount(new VisitorDimensions("mobile", "iOS", "Mobile Safari", "GB", "(direct)"), 2500, 4, 800));
        ConversionModel model = ScoringRules.standard(ScoringSettings.defaults()).fit(history).orElseThrow();
        ConversionLikelihood likelihood = model.likelihood(
                new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com"));

        assertThat(likelihood.score()).isGreaterThan(50);
        assertThat(likelihood.dimensionMatches()).containsExactly("device", "os", "browser", "country", "referrer");
        assertThat(model.metrics().baselineConversionRate()).isEqualTo(34 / 6500.0);
    }
}
