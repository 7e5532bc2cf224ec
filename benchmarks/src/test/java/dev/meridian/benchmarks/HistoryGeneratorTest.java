package dev.meridian.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HistoryGeneratorTest {

    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    static final Pattern VISITOR = Pattern.compile("\"(?:visitorId|datafast_visitor_id)\":\"([^\"]+)\"");

    static HistoryGenerator.Settings settings(long seed, Double conversionRate) {
        return new HistoryGenerator.Settings(10, 300, seed, "example.com", LocalDate.parse("2026-03-01"),
                conversionRate, 60, "USD");
    }

    static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        assertThat(HistoryGenerator.lines(settings(1, null))).isEqualTo(HistoryGenerator.lines(settings(1, null)));
        assertThat(HistoryGenerator.lines(settings(2, null))).isNotEqualTo(HistoryGenerator.lines(settings(1, null)));
    }

    @Test
    void linesAreInTimestampOrderWithinTheDaysAndPaymentsFollowTheirVisitorsFirstEvent() {
        List<String> lines = HistoryGenerator.lines(settings(3, null));
        Instant previous = Instant.parse("2026-02-19T00:00:00Z");
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Instant at = Instant.parse(group(TIMESTAMP, line));
            assertThat(at).isAfterOrEqualTo(previous).isBefore(Instant.parse("2026-03-01T00:00:00Z"));
            previous = at;
            String visitor = group(VISITOR, line);
            if (line.contains("\"type\":\"payment\"")) {
                assertThat(seen).as("payment of a visitor seen before").contains(visitor);
            } else {
                assertThat(line).contains("\"href\":\"https://example.com/").contains("\"device\":\"");
                seen.add(visitor);
            }
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3000);
        assertThat(lines.size()).isGreaterThan(2 * seen.size());
    }

    @Test
    void theConversionRateIsTheOneAskedFor() {
        for (double rate : new double[] {0.02, 0.10}) {
            List<String> lines = HistoryGenerator.lines(settings(5, rate));
            Map<String, Boolean> paid = new HashMap<>();
            for (String line : lines) {
                paid.merge(group(VISITOR, line), line.contains("\"type\":\"payment\""), Boolean::logicalOr);
            }
            double measured = paid.values().stream().filter(p -> p).count() / (double) paid.size();
            assertThat(measured).as("rate %s", rate).isCloseTo(rate, org.assertj.core.data.Offset.offset(rate * 0.3));
        }
    }
}
