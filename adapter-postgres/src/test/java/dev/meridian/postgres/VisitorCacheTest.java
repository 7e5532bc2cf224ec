package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.postgres.VisitorRows.VisitorKey;
import dev.meridian.ports.model.VisitorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisitorCacheTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    private static VisitorState visitor(String id) {
        return new VisitorState("w", id, AT, AT, AT, "s", AT, 1, "/", null, null, null, null, null, null, null);
    }

    @Test
    void keepsTheMostRecentlyUsedVisitorsUpToItsBound() {
        VisitorCache cache = new VisitorCache(2, Duration.ofMinutes(1));
        cache.put(visitor("a"), "10", 0);
        cache.put(visitor("b"), "11", 0);
        assertThat(cache.get(new VisitorKey("w", "a"), 0).version()).isEqualTo("10"); // a used after b
        cache.put(visitor("c"), "12", 0);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(new VisitorKey("w", "b"), 0)).isNull();
        assertThat(cache.get(new VisitorKey("w", "a"), 0).state().visitorId()).isEqualTo("a");
        assertThat(cache.get(new VisitorKey("w", "c"), 0).version()).isEqualTo("12");
    }

    @Test
    void anEntryOlderThanTheMaximumAgeIsGone() {
        VisitorCache cache = new VisitorCache(10, Duration.ofSeconds(1));
        cache.put(visitor("a"), "10", 0);
        assertThat(cache.get(new VisitorKey("w", "a"), Duration.ofSeconds(1).toNanos())).isNotNull();
        assertThat(cache.get(new VisitorKey("w", "a"), Duration.ofSeconds(1).toNanos() + 1)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void forgetsTheGivenVisitorsOrAll() {
        VisitorCache cache = new VisitorCache(10, Duration.ofMinutes(1));
        cache.put(visitor("a"), "10", 0);
        cache.put(visitor("b"), "10", 0);
        cache.forget(List.of(new VisitorKey("w", "a")));
        assertThat(cache.get(new VisitorKey("w", "a"), 0)).isNull();
        assertThat(cache.get(new VisitorKey("w", "b"), 0)).isNotNull();
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void uncachedVisitorsAreTakenAsNewUntilAReadFindsOneStoredAndAgainOnceAReadFindsNone() {
        VisitorCache cache = new VisitorCache();
        assertThat(cache.missesAreNew()).isTrue();
        cache.readUncached(true);
        assertThat(cache.missesAreNew()).isFalse();
        cache.readUncached(false);
        assertThat(cache.missesAreNew()).isTrue();
    }
}
