package dev.meridian.ports.model;

import java.util.Objects;

/** A visitor id a robot's pageview carried on one website: robots are never stored as visitors, only remembered. */
public record RobotVisitor(String websiteId, String visitorId) {

    public RobotVisitor {
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(visitorId, "visitorId");
    }
}
