package dev.meridian.http.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireValuesTest {

    @ParameterizedTest
    @CsvSource({
        "2026-02-06T05:27:20Z, 2026-02-06T05:27:20.000Z",
        "2026-02-06T05:27:20.5Z, 2026-02-06T05:27:20.500Z",
        "2026-02-06T05:27:20.123999Z, 2026-02-06T05:27:20.123Z",
        "2026-02-06T23:59:59.999+00:00, 2026-02-06T23:59:59.999Z",
    })
    void timestampsAreUtcWithThreeFractionDigits(String instant, String wire) {
        assertThat(WireValues.timestamp(Instant.parse(instant))).isEqualTo(wire);
    }

    @Test
    void missingTimestampStaysNull() {
        assertThat(WireValues.timestamp(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "0.00565, 4, 0.0057",
        "0.00564999, 4, 0.0056",
        "0.7625, 3, 0.763",
        "246.985, 2, 246.99",
        "1.0, 2, 1",
        "49.5, 2, 49.5",
        "100.0, 2, 100",
        "0.0, 4, 0",
        "-104.98665, 4, -104.9867",
    })
    void doublesAreRoundedHalfUpWithoutTrailingZeros(double value, int decimals, String wire) {
        assertThat(WireValues.rounded(value, decimals).toString()).isEqualTo(wire);
    }

    @ParameterizedTest
    @CsvSource({"49.00, 49", "49.50, 49.5", "100.005, 100.01", "1000, 1000", "0.004, 0"})
    void moneyIsRoundedToCentsAndWrittenPlain(String amount, String wire) {
        assertThat(WireValues.rounded(new BigDecimal(amount), 2).toString()).isEqualTo(wire);
    }
}
