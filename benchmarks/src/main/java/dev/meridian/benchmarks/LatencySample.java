package dev.meridian.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of repeated calls, summarised as the harnesses print them. */
final class LatencySample {

    private final long[] nanos;
    private int size;

    LatencySample(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long elapsedNanos) {
        nanos[size++] = elapsedNanos;
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
    }

    String summary() {
        return String.format(Locale.ROOT, "median %.3f ms, p99 %.3f ms, max %.3f ms over %d calls",
                percentileMillis(50), percentileMillis(99), percentileMillis(100), size);
    }
}
