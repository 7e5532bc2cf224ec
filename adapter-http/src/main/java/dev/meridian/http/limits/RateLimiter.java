package dev.meridian.http.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets per key (a client address, a credential's hash): {@code requests} per {@code period} on
 * average, bursts of {@code burst}. Idle keys are forgotten after a minute and at most {@code maxKeys} are
 * kept, so a flood of distinct keys cannot exhaust memory. Thread-safe.
 */
public final class RateLimiter {

    private final long requests;
    private final Duration period;
    private final long burst;
    private final Cache<String, Bucket> buckets;

    /** @param requests 0 turns the limit off */
    public RateLimiter(long requests, Duration period, long burst, long maxKeys) {
        if (requests < 0 || (requests > 0 && (burst < 1 || period.isNegative() || period.isZero()))) {
            throw new IllegalArgumentException("a rate limit needs requests >= 0, a positive period and burst >= 1");
        }
        this.requests = requests;
        this.period = period;
        this.burst = Math.max(burst, 1);
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).build();
    }

    public boolean enabled() {
        return requests > 0;
    }

    /** Takes one request for {@code key}; when refused, how long until one is allowed. */
    public Optional<Duration> refusal(String key) {
        if (!enabled()) {
            return Optional.empty();
        }
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Takes nothing: when {@code key} has used up its requests, how long until one is allowed again. */
    public Optional<Duration> exhausted(String key) {
        Bucket bucket = enabled() ? buckets.getIfPresent(key) : null;
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Counts one request against {@code key}, whether or not it had any left. */
    public void count(String key) {
        if (enabled()) {
            bucket(key).tryConsume(1);
        }
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(requests, period))
                .build());
    }
}
