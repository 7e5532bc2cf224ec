package dev.meridian.geoip;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MaxMind's public test databases in {@code shared/geoip/}, found by walking up from the working directory: in
 * a developer's checkout and in CI, {@code shared/} lies beside the repository ({@code <repo>/../shared}).
 */
final class SharedTestDatabases {

    static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    static final String GEOLITE2_CITY = "GeoLite2-City-Test.mmdb";

    private SharedTestDatabases() {}

    static Path path(String fileName) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("geoip").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No shared/geoip/" + fileName + " in " + start
                + " or any folder above it; the tests expect the project's shared/ folder beside the repository");
    }
}
