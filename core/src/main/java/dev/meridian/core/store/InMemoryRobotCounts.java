package dev.meridian.core.store;

import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.out.RobotCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Robot counts in memory: the {@link InMemoryStore}'s, and the default of {@code Meridian.builder()} when the storage
 * keeps none. Thread-safe; nothing survives the process.
 */
public final class InMemoryRobotCounts implements RobotCounts {

    /** Per website, the count of each day. Guarded by {@code this}: an add is all or nothing for readers too. */
    private final Map<String, Map<LocalDate, Long>> days = new HashMap<>();
    /** When each robot visitor was last seen. Guarded by {@code this}. */
    private final Map<RobotVisitor, Instant> visitors = new HashMap<>();

    @Override
    public synchronized void add(Map<RobotDay, Long> counts) {
        counts.forEach((day, count) -> {
            Objects.requireNonNull(day, "day");
            if (count == null || count < 1) {
                throw new IllegalArgumentException("robot count of " + day + " must be >= 1, got " + count);
            }
        });
        counts.forEach((day, count) -> days.computeIfAbsent(day.websiteId(), id -> new HashMap<>())
                .merge(day.day(), count, Long::sum));
    }

    @Override
    public synchronized void rememberVisitors(Map<RobotVisitor, Instant> lastSeen) {
        lastSeen.forEach((visitor, at) -> {
            Objects.requireNonNull(visitor, "visitor");
            Objects.requireNonNull(at, "last seen of " + visitor);
        });
        lastSeen.forEach((visitor, at) -> visitors.merge(visitor, at, (a, b) -> a.isAfter(b) ? a : b));
    }

    @Override
    public synchronized boolean isRobotVisitor(String websiteId, String visitorId) {
        return visitors.containsKey(new RobotVisitor(websiteId, visitorId));
    }

    @Override
    public synchronized RobotCount count(String websiteId, LocalDate today) {
        Map<LocalDate, Long> ofWebsite = days.get(websiteId);
        if (ofWebsite == null) {
            return RobotCount.NONE;
        }
        long total = ofWebsite.values().stream().mapToLong(Long::longValue).sum();
        return new RobotCount(total, ofWebsite.getOrDefault(today, 0L));
    }
}
