package dev.meridian.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CountsTest {

    private static final VisitorDimensions DIMENSIONS =
            new VisitorDimensions("desktop", "Mac OS", "Chrome", "FR", "google.com");

    @Test
    void aRobotCountNeedsTodayBetweenZeroAndTheTotal() {
        assertThat(new RobotCount(5, 5).today()).isEqualTo(5);
        assertThat(new RobotCount(5, 0).total()).isEqualTo(5);
        assertThatThrownBy(() -> new RobotCount(5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= today <= total");
        assertThatThrownBy(() -> new RobotCount(5, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 of 5");
    }

    @Test
    void robotCountsAddUp() {
        assertThat(new RobotCount(10, 2).plus(new RobotCount(3, 1))).isEqualTo(new RobotCount(13, 3));
        assertThat(RobotCount.NONE.plus(RobotCount.NONE)).isEqualTo(new RobotCount(0, 0));
    }

    @Test
    void aRobotDayNeedsItsWebsiteAndItsDay() {
        assertThatThrownBy(() -> new RobotDay(null, LocalDate.EPOCH))
                .isInstanceOf(NullPointerException.class).hasMessage("websiteId");
        assertThatThrownBy(() -> new RobotDay("site", null))
                .isInstanceOf(NullPointerException.class).hasMessage("day");
    }

    @Test
    void aSegmentNeedsBetweenZeroAndAllOfItsVisitorsConverted() {
        assertThat(new SegmentCount(DIMENSIONS, 10, 10, 99.5).converters()).isEqualTo(10);
        assertThat(new SegmentCount(DIMENSIONS, 0, 0, 0).visitors()).isZero();
        assertThatThrownBy(() -> new SegmentCount(DIMENSIONS, 10, 11, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 of 10");
        assertThatThrownBy(() -> new SegmentCount(DIMENSIONS, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentCount(DIMENSIONS, 10, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSegmentsRevenueIsFiniteAndNotNegative() {
        for (double revenue : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> new SegmentCount(DIMENSIONS, 10, 1, revenue))
                    .as("revenue %s", revenue)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revenue");
        }
    }

    @Test
    void aSegmentNeedsItsDimensions() {
        assertThatThrownBy(() -> new SegmentCount(null, 1, 0, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("dimensions");
    }

    @Test
    void dimensionsWithoutAReferrerAreDirectTraffic() {
        assertThat(new VisitorDimensions("mobile", "iOS", "Safari", "DE", null).referrer())
                .isEqualTo(VisitorDimensions.DIRECT).isEqualTo("(direct)");
        assertThat(DIMENSIONS.referrer()).isEqualTo("google.com");
    }
}
