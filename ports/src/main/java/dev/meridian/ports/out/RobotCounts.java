package dev.meridian.ports.out;

import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import java.time.LocalDate;
import java.util.Map;

/**
 * Robot requests counted per website and UTC day. Core counts in memory and adds its counts here in batches (every
 * few seconds and at shutdown), so no tracking request waits for this port.
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
}
