package dev.meridian.geoip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Subdivision;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.out.GeoLocator;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link GeoLocator} on a MaxMind-format City database: GeoIP2-City, GeoLite2-City or DB-IP Lite City.
 *
 * <p>Open one per process with {@link #open(Path)}: the file is memory-mapped and looked up through MaxMind's
 * node cache; the instance is thread-safe. {@link #close()} unmaps it. Look-ups never throw and never use DNS:
 * anything that is not a public IP literal found in the database is {@link Location#UNKNOWN}.
 */
public final class MaxMindGeoLocator implements GeoLocator, Closeable {

    private static final System.Logger LOG = System.getLogger(MaxMindGeoLocator.class.getName());

    /**
     * Addresses whose location is kept: a visitor's pageviews repeat its address. The cache is keyed by the parsed
     * address, so the spellings of one address ({@code ::ffff:81.2.69.160}, {@code [::FFFF:5102:45a0]},
     * {@code 81.2.69.160}) are one entry, and text that is no public address is answered without an entry: a client
     * cannot fill it with spellings or junk, only with distinct public addresses, and it is bounded.
     */
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    private final DatabaseReader reader;
    private final Path path;
    private final String databaseType;
    private final Cache<InetAddress, Location> cache;
    /** Built once: a method reference written at the call would be a new object on every look-up. */
    private final Function<InetAddress, Location> lookUp = this::lookUp;

    private MaxMindGeoLocator(DatabaseReader reader, Path path, String databaseType, long cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("GeoIP cache size must be 0 or more, got " + cacheSize);
        }
        this.reader = reader;
        this.path = path;
        this.databaseType = databaseType;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
    }

    /** As {@link #open(Path, long)} with a cache of {@link #DEFAULT_CACHE_SIZE} addresses. */
    public static MaxMindGeoLocator open(Path database) {
        return open(database, DEFAULT_CACHE_SIZE);
    }

    /**
     * Opens a City database, memory-mapped, with MaxMind's concurrent node cache.
     *
     * @param database  path of a {@code .mmdb} file whose database type contains {@code City}
     * @param cacheSize how many addresses' locations to keep (0 = none): decoding a City record costs far more
     *     than a cache hit
     * @throws UnusableGeoIpDatabaseException naming the path when the file is missing, unreadable, corrupt or of
     *     another type (Country, ASN, ...)
     */
    public static MaxMindGeoLocator open(Path database, long cacheSize) {
        if (database == null) {
            throw new IllegalArgumentException("GeoIP database path is missing");
        }
        if (!Files.exists(database)) {
            throw new UnusableGeoIpDatabaseException(database, "no such file", null);
        }
        if (!Files.isRegularFile(database)) {
            throw new UnusableGeoIpDatabaseException(database, "not a regular file", null);
        }
        if (!Files.isReadable(database)) {
            throw new UnusableGeoIpDatabaseException(database, "not readable", null);
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(database.toFile())
                    .fileMode(Reader.FileMode.MEMORY_MAPPED)
                    .withCache(new CHMCache())
                    .locales(List.of("en"))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new UnusableGeoIpDatabaseException(
                    database, "not a readable MaxMind DB file (" + e.getMessage() + ")", e);
        }
        String type = reader.metadata().databaseType();
        if (type == null || !type.contains("City")) {
            closeQuietly(reader);
            throw new UnusableGeoIpDatabaseException(
                    database,
                    "database type '" + type
                            + "' is not a City database; use GeoLite2-City, GeoIP2-City or DB-IP Lite City",
                    null);
        }
        return new MaxMindGeoLocator(reader, database, type, cacheSize);
    }

    /** The database's own type, e.g. {@code GeoLite2-City} or {@code DBIP-City-Lite}. */
    public String databaseType() {
        return databaseType;
    }

    /** The file this locator reads. */
    public Path path() {
        return path;
    }

    @Override
    public Location locate(String ip) {
        Optional<InetAddress> address = IpLiteral.parse(ip);
        if (address.isEmpty() || NonPublicAddresses.contains(address.get())) {
            return Location.UNKNOWN;
        }
        return cache.get(address.get(), lookUp);
    }

    /** How many addresses the cache holds now. */
    long cachedAddresses() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Location lookUp(InetAddress address) {
        try {
            return reader.tryCity(address).map(MaxMindGeoLocator::toLocation).orElse(Location.UNKNOWN);
        } catch (IOException | RuntimeException | com.maxmind.geoip2.exception.GeoIp2Exception e) {
            LOG.log(System.Logger.Level.WARNING, "GeoIP look-up failed in " + path + " for "
                    + address.getHostAddress(), e);
            return Location.UNKNOWN;
        }
    }

    private static Location toLocation(CityResponse response) {
        String countryCode = response.country() == null ? null : response.country().isoCode();
        String city = response.city() == null ? null : response.city().name();
        Subdivision subdivision = response.mostSpecificSubdivision();
        String subdivisionCode = subdivision == null ? null : subdivision.isoCode();
        String region = countryCode != null && subdivisionCode != null ? countryCode + "-" + subdivisionCode : null;
        Double latitude = response.location() == null ? null : response.location().latitude();
        Double longitude = response.location() == null ? null : response.location().longitude();
        return new Location(city, region, countryCode, latitude, longitude);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }

    @Override
    public String toString() {
        return "MaxMindGeoLocator[" + databaseType + " at " + path + "]";
    }
}
