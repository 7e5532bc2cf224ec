package dev.meridian.http.realtime;

import dev.meridian.http.limits.ConcurrentLimit;
import dev.meridian.http.limits.TooManyRequestsException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * How many live-map streams may be open at once on this node: {@code meridian.streams.max-per-key} per credential
 * (default 20), {@code meridian.streams.max-per-address} per client address (an IPv4 address or an IPv6 /64;
 * default 20) and {@code meridian.streams.max-total} in all (default 200); 0 lifts a cap. A stream over a cap is
 * refused before it opens with 429, {@code Retry-After: meridian.streams.retry-after} (default 10 s) and the
 * envelope. Each open stream re-reads its website's map after changes, so the caps bound that work as well as the
 * connections.
 */
@Singleton
public class StreamAdmission {

    private final ConcurrentLimit streams;

    public StreamAdmission(@Value("${meridian.streams.max-per-key:20}") int maxPerKey,
            @Value("${meridian.streams.max-per-address:20}") int maxPerAddress,
            @Value("${meridian.streams.max-total:200}") int maxTotal,
            @Value("${meridian.streams.retry-after:10s}") Duration retryAfter) {
        this.streams = new ConcurrentLimit("live-map streams", "are open", maxTotal, retryAfter,
                List.of(new ConcurrentLimit.PerKey("credential", maxPerKey),
                        new ConcurrentLimit.PerKey("client address", maxPerAddress)));
    }

    /**
     * A place for one stream of {@code credentialKey} from {@code addressKey}.
     *
     * @throws TooManyRequestsException when a cap is reached
     */
    ConcurrentLimit.Lease admit(String credentialKey, String addressKey) {
        return streams.acquire(credentialKey, addressKey);
    }

    /** Streams open (or admitted and about to open) now. */
    public int open() {
        return streams.held();
    }
}
