package dev.meridian.ports.out;

import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Robot requests counted per website and UTC day, and the visitor ids robots' pageviews carried (so the visitors API
 * can tell a robot from an unknown visitor: API.md §9.1). Core counts and collects in memory and adds here in batches
 * (every few seconds and at shutdown), so no tracking request waits for this port.
 */
public interface RobotCounts {

    /**
     * Adds each count to the stored count of its website and day, atomically: when this returns every count is
     * durable, when it throws none is added (so the caller may add the same counts again).
     *
     * @param counts counts {@code >= 1} by website and day
     * @throws IllegalArgumentException a count below 1 (nothing added)
     */
    void add(Map<RobotDay, Long> counts);

    /**
     * The website's stored counts: over every day, and on {@code today}. {@link RobotCount#NONE} for a website never
     * counted.
     */
    RobotCount count(String websiteId, LocalDate today);

    /**
     * Remembers each robot visitor with the time it was last seen (an upsert: a later time replaces an earlier one,
     * never the reverse); all or nothing, like {@link #add}.
     *
     * @param lastSeen non-null times by visitor
     */
    void rememberVisitors(Map<RobotVisitor, Instant> lastSeen);

    /** Whether a robot's pageview carried this visitor id on this website (and it is not pruned yet). */
    boolean isRobotVisitor(String websiteId, String visitorId);
}
