package dev.meridian.http.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentLimitTest {

    private final ConcurrentLimit limit = new ConcurrentLimit("things", "run", 3, Duration.ofSeconds(9),
            List.of(new ConcurrentLimit.PerKey("owner", 2), new ConcurrentLimit.PerKey("place", 0)));

    @Test
    void aKeyOverItsCapIsRefusedNamingTheCapAndTakesNothing() {
        limit.acquire("a", "x");
        limit.acquire("a", "y");

        assertThatThrownBy(() -> limit.acquire("a", "z"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, refused -> {
                    assertThat(refused.getMessage()).isEqualTo("Too many things: at most 2 per owner run at once; retry later");
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(9));
                });
        assertThat(limit.held()).isEqualTo(2);
        limit.acquire("b", "z");
    }

    @Test
    void theTotalCapRefusesEveryKeyAndAReturnedPlaceCanBeTakenAgainOnce() {
        limit.acquire("a", "x");
        limit.acquire("b", "x");
        ConcurrentLimit.Lease third = limit.acquire("c", "x");

        assertThatThrownBy(() -> limit.acquire("d", "x")).hasMessageContaining("at most 3 run at once on this server");
        third.close();
        third.close();
        assertThat(limit.held()).isEqualTo(2);
        limit.acquire("d", "x");
        assertThatThrownBy(() -> limit.acquire("e", "x")).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void zeroLiftsACap() {
        ConcurrentLimit unlimited = new ConcurrentLimit("things", "run", 0, Duration.ofSeconds(1),
                List.of(new ConcurrentLimit.PerKey("owner", 0)));
        for (int i = 0; i < 1_000; i++) {
            unlimited.acquire("a");
        }
        assertThat(unlimited.held()).isEqualTo(1_000);
    }
}
