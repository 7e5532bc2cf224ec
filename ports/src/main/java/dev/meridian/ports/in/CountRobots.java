package dev.meridian.ports.in;

import dev.meridian.ports.model.RobotCount;

/** The robot requests a website received (the admin listing of websites shows them) and their visitor ids. */
public interface CountRobots {

    /**
     * Every robot request counted for the website, including those counted a moment ago, and today's (UTC); zeros
     * for an unknown website.
     */
    RobotCount robotsOf(String websiteId);

    /**
     * Whether a robot's pageview carried this visitor id on this website (robots are never stored as visitors; their
     * ids are remembered so the visitors API can say "robot" rather than "not found").
     */
    boolean isRobotVisitor(String websiteId, String visitorId);
}
