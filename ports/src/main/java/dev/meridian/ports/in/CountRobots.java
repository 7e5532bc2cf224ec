package dev.meridian.ports.in;

import dev.meridian.ports.model.RobotCount;

/** The robot requests a website received (the admin listing of websites shows them). */
public interface CountRobots {

    /**
     * Every robot request counted for the website, including those counted a moment ago, and today's (UTC); zeros
     * for an unknown website.
     */
    RobotCount robotsOf(String websiteId);
}
