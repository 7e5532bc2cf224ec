package dev.meridian.http.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Caps on how many of something run at once on this node: in total, and per key of each kind (a credential, a
 * client address, a website). {@link #acquire} takes a place under every cap or refuses, naming the cap reached;
 * the {@link Lease} gives it back. Thread-safe; the state is one count per key that holds a place, so it is bounded
 * by the total cap.
 */
public final class ConcurrentLimit {

    /**
     * One kind of key and the most places one key may hold at once.
     *
     * @param per for the refusal's message: {@code "credential"} gives "at most 5 per credential"
     * @param max 0 for no cap
     */
    public record PerKey(String per, int max) {

        public PerKey {
            Objects.requireNonNull(per, "per");
            if (max < 0) {
                throw new IllegalArgumentException("a cap per " + per + " must be >= 0 (0: none), got " + max);
            }
        }
    }

    /** A place taken; {@link #close()} gives it back (once, whatever the number of calls). */
    public interface Lease extends AutoCloseable {

        @Override
        void close();
    }

    private final String what;
    private final String verb;
    private final int maxTotal;
    private final Duration retryAfter;
    private final List<PerKey> caps;
    private final List<Map<String, Integer>> held;
    private int total;

    /**
     * @param what       what is limited, plural, for messages ({@code "live-map streams"})
     * @param verb       what they do at once, for messages ({@code "are open"}, {@code "run"})
     * @param maxTotal   the most at once on this node, 0 for no cap
     * @param retryAfter what a refusal's {@code Retry-After} says
     * @param caps       the caps per key, in the order {@link #acquire} takes the keys
     */
    public ConcurrentLimit(String what, String verb, int maxTotal, Duration retryAfter, List<PerKey> caps) {
        if (maxTotal < 0) {
            throw new IllegalArgumentException("a total cap of " + what + " must be >= 0 (0: none), got " + maxTotal);
        }
        this.what = Objects.requireNonNull(what, "what");
        this.verb = Objects.requireNonNull(verb, "verb");
        this.maxTotal = maxTotal;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.caps = List.copyOf(caps);
        this.held = new ArrayList<>();
        for (int i = 0; i < this.caps.size(); i++) {
            held.add(new HashMap<>());
        }
    }

    /**
     * Takes a place under the total cap and under each cap per key, {@code keys[i]} being the key of
     * {@code caps[i]}.
     *
     * @throws TooManyRequestsException when a cap is reached (nothing is taken then)
     */
    public synchronized Lease acquire(String... keys) {
        if (keys.length != caps.size()) {
            throw new IllegalArgumentException("expected " + caps.size() + " keys, got " + keys.length);
        }
        for (int i = 0; i < keys.length; i++) {
            PerKey cap = caps.get(i);
            if (cap.max() > 0 && held.get(i).getOrDefault(keys[i], 0) >= cap.max()) {
                throw refusal("at most " + cap.max() + " per " + cap.per() + " " + verb + " at once");
            }
        }
        if (maxTotal > 0 && total >= maxTotal) {
            throw refusal("at most " + maxTotal + " " + verb + " at once on this server");
        }
        total++;
        for (int i = 0; i < keys.length; i++) {
            held.get(i).merge(keys[i], 1, Integer::sum);
        }
        String[] taken = keys.clone();
        return new Lease() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (ConcurrentLimit.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    total--;
                    for (int i = 0; i < taken.length; i++) {
                        held.get(i).computeIfPresent(taken[i], (key, count) -> count > 1 ? count - 1 : null);
                    }
                }
            }
        };
    }

    /** How many places are taken now. */
    public synchronized int held() {
        return total;
    }

    private TooManyRequestsException refusal(String cap) {
        return new TooManyRequestsException("Too many " + what + ": " + cap + "; retry later", retryAfter);
    }
}
