package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineIdsTest {

    static final Instant AT = Instant.parse("2026-02-06T05:27:20.417Z");

    @Test
    void theSameLineOfTheSameWebsiteAlwaysHasTheSameIdWhateverSurroundsIt() {
        String id = new LineIds("w1").of(AT, "{\"type\":\"pageview\"}");

        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(new LineIds("w1").of(AT, "  {\"type\":\"pageview\"}\r")).isEqualTo(id);
        assertThat(new LineIds("w2").of(AT, "{\"type\":\"pageview\"}")).isNotEqualTo(id);
        assertThat(new LineIds("w1").of(AT, "{\"type\":\"custom\"}")).isNotEqualTo(id);
    }

    @Test
    void anIdStartsWithItsTimestampsSecondsSoIdsSortRoughlyByTime() {
        String id = new LineIds("w1").of(AT, "x");

        assertThat(id.substring(0, 8)).isEqualTo(String.format("%08x", AT.getEpochSecond()));
        assertThat(new LineIds("w1").of(AT.plusMillis(500), "x")).as("same second").isEqualTo(id);
    }
}
