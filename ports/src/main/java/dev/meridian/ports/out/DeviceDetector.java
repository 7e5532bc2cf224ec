package dev.meridian.ports.out;

import dev.meridian.ports.model.ClientDevice;

/** User-Agent to browser, OS, device class and robot flag. Implementations are thread-safe. */
@FunctionalInterface
public interface DeviceDetector {

    /**
     * @param userAgent the header as sent, possibly {@code null} or empty
     * @return what it says; {@link ClientDevice#UNKNOWN} when nothing is recognised
     */
    ClientDevice detect(String userAgent);

    DeviceDetector NONE = userAgent -> ClientDevice.UNKNOWN;
}
