package dev.meridian.ports.out;

import dev.meridian.ports.model.Location;

/** IP address to location. */
@FunctionalInterface
public interface GeoLocator {

    /**
     * @param ip an IPv4 or IPv6 literal
     * @return the location, {@link Location#UNKNOWN} for private, loopback, unlisted or unparseable
     *     addresses; never throws for bad input
     */
    Location locate(String ip);

    GeoLocator NONE = ip -> Location.UNKNOWN;
}
