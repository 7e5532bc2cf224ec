package dev.meridian.geoip;

import java.nio.file.Path;

/**
 * The GeoIP database cannot be used: missing, unreadable, corrupt, or not a City database. The message names
 * the path and the problem, so a failed start-up says what to fix.
 */
public final class UnusableGeoIpDatabaseException extends RuntimeException {

    private final transient Path path;

    UnusableGeoIpDatabaseException(Path path, String problem, Throwable cause) {
        super("GeoIP database " + path + ": " + problem, cause);
        this.path = path;
    }

    /** The database file that was asked for. */
    public Path path() {
        return path;
    }
}
