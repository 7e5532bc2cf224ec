package dev.meridian.ports.model;

/**
 * Where a visitor is, as far as its IP address tells.
 *
 * <p>Every field may be {@code null}, meaning unknown: the wire format has nulls here. {@code region} is
 * ISO 3166-2 ({@code US-CO}); {@code countryCode} is ISO 3166-1 alpha-2.
 */
public record Location(String city, String region, String countryCode, Double latitude, Double longitude) {

    /** Nothing known: private, loopback or unlisted addresses, or no GeoIP database. */
    public static final Location UNKNOWN = new Location(null, null, null, null, null);
}
