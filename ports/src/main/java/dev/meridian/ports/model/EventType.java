package dev.meridian.ports.model;

import java.util.Optional;

/** The kinds of tracked event, with their wire names. */
public enum EventType {
    PAGEVIEW("pageview"),
    CUSTOM("custom"),
    IDENTIFY("identify"),
    PAYMENT("payment"),
    EXTERNAL_LINK("external_link");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
