package dev.meridian.core.tracking;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many robot requests each website received since start-up. Robots are answered but never stored, so
 * this count is all that is kept of them.
 */
public final class RobotTally {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String websiteId) {
        counts.computeIfAbsent(websiteId, id -> new LongAdder()).increment();
    }

    public long of(String websiteId) {
        LongAdder count = counts.get(websiteId);
        return count == null ? 0 : count.sum();
    }
}
