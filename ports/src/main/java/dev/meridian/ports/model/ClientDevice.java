package dev.meridian.ports.model;

import java.util.Objects;

/** What a User-Agent says: the visitor's system, and whether the client is a robot. */
public record ClientDevice(SystemInfo system, boolean robot) {

    public static final ClientDevice UNKNOWN = new ClientDevice(SystemInfo.UNKNOWN, false);

    public ClientDevice {
        Objects.requireNonNull(system, "system");
    }
}
