package dev.meridian.ports.model;

import java.util.Optional;

/** What an account token may do, with the wire names of API.md §1. */
public enum Permission {
    ANALYTICS_READ("analytics:read"),
    GOALS_WRITE("goals:write"),
    PAYMENTS_WRITE("payments:write"),
    IDENTIFY_WRITE("identify:write"),
    WEBSITES_READ("websites:read"),
    WEBSITES_WRITE("websites:write"),
    ALL("*");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Permission> fromWireName(String name) {
        for (Permission p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
