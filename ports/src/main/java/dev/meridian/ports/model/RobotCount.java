package dev.meridian.ports.model;

/**
 * How many robot requests a website received: answered, never stored as events (robots are filtered out of
 * every figure), so this count is all that is kept of them.
 *
 * @param total over every day
 * @param today on the current UTC day (for {@link dev.meridian.ports.out.RobotCounts#count}: on the day asked for)
 */
public record RobotCount(long total, long today) {

    public static final RobotCount NONE = new RobotCount(0, 0);

    public RobotCount {
        if (today < 0 || total < today) {
            throw new IllegalArgumentException("need 0 <= today <= total, got " + today + " of " + total);
        }
    }

    /** This count with {@code more} added. */
    public RobotCount plus(RobotCount more) {
        return new RobotCount(total + more.total, today + more.today);
    }
}
