package dev.meridian.geoip;

import dev.meridian.ports.model.Location;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Measurement harness (not a test): opening time and single-thread look-ups per second on a City database,
 * default MaxMind's GeoIP2-City test database of this module's test resources. Usage:
 *
 * <pre>
 * java -cp "$CP" dev.meridian.geoip.GeoIpBenchmark [path-to.mmdb] [seconds]
 * </pre>
 *
 * See docs/geoip.md for the full command and the figures.
 */
public final class GeoIpBenchmark {

    private static final List<String> ADDRESSES = List.of(
            "81.2.69.160", "216.160.83.56", "89.160.20.112", "2.125.160.216", "175.16.199.0", // listed
            "8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", // not listed in the test databases
            "10.0.0.1", "192.168.1.1", "::1", "not-an-ip"); // answered without a look-up

    private GeoIpBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path db = args.length > 0 ? Path.of(args[0]) : MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY);
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        long start = System.nanoTime();
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(db)) {
            double openMs = (System.nanoTime() - start) / 1e6;
            run(locator, ADDRESSES, seconds * 1_000_000_000L);
            List<String> listed = ADDRESSES.subList(0, 5);
            double mixed = rate(locator, ADDRESSES, seconds);
            double listedOnly = rate(locator, listed, seconds);
            System.out.printf("| %s | %s | %.0f ms | %,.0f | %,.0f |%n", db.getFileName(), locator.databaseType(),
                    openMs, listedOnly, mixed);
        }
    }

    private static double rate(MaxMindGeoLocator locator, List<String> ips, long seconds) {
        long started = System.nanoTime();
        long count = run(locator, ips, seconds * 1_000_000_000L);
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static long run(MaxMindGeoLocator locator, List<String> ips, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (String ip : ips) {
                Location location = locator.locate(ip);
                sink += location.hashCode();
                count++;
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        return count;
    }
}
