package dev.meridian.ports.model;

import java.time.LocalDate;
import java.util.Objects;

/** One website's robot requests of one day: the key of {@link dev.meridian.ports.out.RobotCounts}. */
public record RobotDay(String websiteId, LocalDate day) {

    /**
     * @param websiteId the website's id (not its tracking id)
     * @param day       the UTC date the requests arrived on (imported ones: the date of their timestamp)
     */
    public RobotDay {
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(day, "day");
    }
}
