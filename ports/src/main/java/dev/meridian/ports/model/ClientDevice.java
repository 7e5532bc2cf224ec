package dev.meridian.ports.model;

import java.util.Objects;

/**
 * What a User-Agent says: the visitor's system, whether the client is a robot, and the system's versions, maker and
 * model.
 */
public record ClientDevice(SystemInfo system, boolean robot, DeviceDetails details) {

    public static final ClientDevice UNKNOWN = new ClientDevice(SystemInfo.UNKNOWN, false);

    public ClientDevice {
        Objects.requireNonNull(system, "system");
        details = details == null ? DeviceDetails.UNKNOWN : details;
    }

    /** Without versions, maker or model (all unknown). */
    public ClientDevice(SystemInfo system, boolean robot) {
        this(system, robot, DeviceDetails.UNKNOWN);
    }
}
