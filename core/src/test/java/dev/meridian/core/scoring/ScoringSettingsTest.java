package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScoringSettingsTest {

    @Test
    void defaultsAreThoseOfTheSpecification() {
        assertThat(ScoringSettings.defaults()).isEqualTo(
                new ScoringSettings(90, 100, 3, 30, 100, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(ScoringSettings.defaults().lookback()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void eachWitherChangesOnlyItsOwnNumber() {
        ScoringSettings d = ScoringSettings.defaults();
        assertThat(d.withLookbackDays(30)).isEqualTo(new ScoringSettings(30, 100, 3, 30, 100, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withMinVisitors(7)).isEqualTo(new ScoringSettings(90, 7, 3, 30, 100, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withMinConversions(7)).isEqualTo(new ScoringSettings(90, 100, 7, 30, 100, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withMinSupport(7)).isEqualTo(new ScoringSettings(90, 100, 3, 7, 100, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withMaxValuesPerDimension(7)).isEqualTo(new ScoringSettings(90, 100, 3, 30, 7, 1.0, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withL2(7)).isEqualTo(new ScoringSettings(90, 100, 3, 30, 100, 7, 5, 100, Duration.ofMinutes(5)));
        assertThat(d.withValuePriorStrength(7)).isEqualTo(new ScoringSettings(90, 100, 3, 30, 100, 1.0, 7, 100, Duration.ofMinutes(5)));
        assertThat(d.withPriorStrength(7)).isEqualTo(new ScoringSettings(90, 100, 3, 30, 100, 1.0, 5, 7, Duration.ofMinutes(5)));
        assertThat(d.withRefreshInterval(Duration.ofSeconds(7)))
                .isEqualTo(new ScoringSettings(90, 100, 3, 30, 100, 1.0, 5, 100, Duration.ofSeconds(7)));
    }

    @Test
    void rejectsNumbersThatMakeNoModel() {
        ScoringSettings d = ScoringSettings.defaults();
        assertRejected(() -> d.withLookbackDays(0), "lookbackDays");
        assertRejected(() -> d.withMinVisitors(0), "minVisitors");
        assertRejected(() -> d.withMinConversions(0), "minConversions");
        assertRejected(() -> d.withMinSupport(0), "minSupport");
        assertRejected(() -> d.withMaxValuesPerDimension(0), "maxValuesPerDimension");
        assertRejected(() -> d.withL2(0), "l2");
        assertRejected(() -> d.withL2(Double.NaN), "l2");
        assertRejected(() -> d.withL2(Double.POSITIVE_INFINITY), "l2");
        assertRejected(() -> d.withValuePriorStrength(0), "valuePriorStrength");
        assertRejected(() -> d.withPriorStrength(-1), "priorStrength");
        assertRejected(() -> d.withRefreshInterval(Duration.ZERO), "refreshInterval");
        assertThatThrownBy(() -> d.withRefreshInterval(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("refreshInterval");
    }

    private static void assertRejected(Runnable change, String name) {
        assertThatThrownBy(change::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }
}
