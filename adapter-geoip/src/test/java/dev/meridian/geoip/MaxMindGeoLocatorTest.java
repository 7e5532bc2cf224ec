package dev.meridian.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaxMindGeoLocatorTest {

    private static MaxMindGeoLocator geoip2;
    private static MaxMindGeoLocator geolite2;

    @BeforeAll
    static void openTestDatabases() {
        geoip2 = MaxMindGeoLocator.open(MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY));
        geolite2 = MaxMindGeoLocator.open(MaxMindTestDatabases.path(MaxMindTestDatabases.GEOLITE2_CITY));
    }

    @AfterAll
    static void close() throws IOException {
        geoip2.close();
        geolite2.close();
    }

    @Test
    void londonAddressGivesCityEnglandRegionCountryAndCoordinates() {
        Location london = geoip2.locate("81.2.69.160");

        assertThat(london).isEqualTo(new Location("London", "GB-ENG", "GB", 51.5142, -0.0931));
    }

    @Test
    void cachedAnswersEqualFreshLookUps() throws IOException {
        try (MaxMindGeoLocator uncached = MaxMindGeoLocator.open(
                MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY), 0)) {
            for (String ip : new String[] {"81.2.69.160", "216.160.83.56", "2.125.160.216", "8.8.8.8", "10.0.0.1",
                    "not an ip", "81.2.69.160"}) {
                assertThat(geoip2.locate(ip)).as(ip).isEqualTo(uncached.locate(ip));
                assertThat(geoip2.locate(ip)).as(ip + " again").isEqualTo(uncached.locate(ip));
            }
        }
        assertThat(geoip2.locate(null)).isEqualTo(Location.UNKNOWN);
    }

    @Test
    void repeatedAddressIsLookedUpOnceAndAnsweredWithTheSameInstance() throws IOException {
        try (MaxMindGeoLocator cached = MaxMindGeoLocator.open(
                        MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY), 10);
                MaxMindGeoLocator uncached = MaxMindGeoLocator.open(
                        MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY), 0)) {
            // each header value is a new String: the cache must answer by value, not by identity
            Location first = cached.locate(new String("81.2.69.160"));

            assertThat(cached.locate(new String("81.2.69.160"))).isSameAs(first);
            assertThat(uncached.locate("81.2.69.160")).isNotSameAs(uncached.locate("81.2.69.160"))
                    .isEqualTo(first);
        }
    }

    @Test
    void theSpellingsOfOneAddressAreOneCacheEntryAndJunkIsNone() throws IOException {
        try (MaxMindGeoLocator cached = MaxMindGeoLocator.open(
                MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY), 1_000)) {
            Location first = cached.locate("81.2.69.160");
            for (String spelling : List.of("::ffff:81.2.69.160", "[::ffff:81.2.69.160]", "::FFFF:5102:45A0",
                    "0:0:0:0:0:ffff:5102:45a0", " 81.2.69.160 ")) {
                assertThat(cached.locate(spelling)).as(spelling).isSameAs(first);
            }
            for (int i = 0; i < 500; i++) {
                assertThat(cached.locate("not-an-address-" + i)).isEqualTo(Location.UNKNOWN);
                assertThat(cached.locate("10.0." + (i / 250) + "." + (i % 250))).isEqualTo(Location.UNKNOWN);
            }

            assertThat(cached.cachedAddresses()).isEqualTo(1);
        }
    }

    @Test
    void geoLite2CityDatabaseGivesTheSameLondonRecord() {
        assertThat(geolite2.locate("81.2.69.160")).isEqualTo(new Location("London", "GB-ENG", "GB", 51.5142, -0.0931));
    }

    @Test
    void regionIsTheMostSpecificSubdivision() {
        // Boxford lies in England (ENG) and, more specifically, West Berkshire (WBK)
        Location boxford = geoip2.locate("2.125.160.216");

        assertThat(boxford.city()).isEqualTo("Boxford");
        assertThat(boxford.region()).isEqualTo("GB-WBK");
        assertThat(boxford.countryCode()).isEqualTo("GB");
    }

    @Test
    void usAddressGivesStateAsRegion() {
        Location milton = geoip2.locate("216.160.83.56");

        assertThat(milton.city()).isEqualTo("Milton");
        assertThat(milton.region()).isEqualTo("US-WA");
        assertThat(milton.countryCode()).isEqualTo("US");
        assertThat(milton.latitude()).isNotNull();
        assertThat(milton.longitude()).isNotNull();
    }

    @Test
    void cityNameIsEnglishWithItsOwnLetters() {
        Location linkoping = geoip2.locate("89.160.20.112");

        assertThat(linkoping.city()).isEqualTo("Linköping");
        assertThat(linkoping.region()).isEqualTo("SE-E");
        assertThat(linkoping.countryCode()).isEqualTo("SE");
    }

    @Test
    void ipv4MappedIpv6AddressIsLocatedLikeItsIpv4Address() {
        assertThat(geoip2.locate("::ffff:81.2.69.160")).isEqualTo(geoip2.locate("81.2.69.160"));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(geoip2.locate(" 81.2.69.160 ").city()).isEqualTo("London");
    }

    @Test
    void addressMissingFromTheDatabaseIsUnknown() {
        assertThat(geoip2.locate("8.8.8.8")).isSameAs(Location.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "169.254.10.10", "fe80::1", "fe80::1%eth0",
        "fd12:3456:789a::1", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1", "255.255.255.255"
    })
    void nonPublicAddressesAreUnknown(String ip) {
        assertThat(geoip2.locate(ip)).isSameAs(Location.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "garbage", "localhost", "example.com", "81.2.69", "81.2.69.160.1", "81.2.69.256", "081.2.69.160",
        "1::2::3", "12345::1", "::g", "[::1", "81.2.69.160/24", "2001:db8::1 81.2.69.160", "unknown"
    })
    void unparseableTextIsUnknownWithoutException(String text) {
        assertThat(geoip2.locate(text)).isSameAs(Location.UNKNOWN);
    }

    @Test
    void nullIsUnknown() {
        assertThat(geoip2.locate(null)).isSameAs(Location.UNKNOWN);
    }

    @Test
    void reportsTheDatabaseType() {
        assertThat(geoip2.databaseType()).isEqualTo("GeoIP2-City");
        assertThat(geolite2.databaseType()).isEqualTo("GeoLite2-City");
    }

    @Test
    void dbIpLiteCityDatabaseIsAcceptedAndRead(@TempDir Path dir) throws IOException {
        Map<String, Object> record = new HashMap<>();
        record.put("city", Map.of("names", Map.of("en", "Zurich", "de", "Zürich")));
        record.put("country", Map.of("iso_code", "CH", "names", Map.of("en", "Switzerland")));
        record.put("location", Map.of("latitude", 47.3769, "longitude", 8.5417));
        record.put("subdivisions", List.of(Map.of("iso_code", "ZH", "names", Map.of("en", "Zurich"))));
        Path db = Files.write(dir.resolve("dbip-city-lite.mmdb"), TestMmdbWriter.database("DBIP-City-Lite", record));

        try (MaxMindGeoLocator dbip = MaxMindGeoLocator.open(db)) {
            assertThat(dbip.locate("1.2.3.4")).isEqualTo(new Location("Zurich", "CH-ZH", "CH", 47.3769, 8.5417));
            assertThat(dbip.locate("200.1.1.1")).isSameAs(Location.UNKNOWN);
        }
    }

    @Test
    void recordWithoutSubdivisionHasNoRegion(@TempDir Path dir) throws IOException {
        Map<String, Object> record = Map.of("country", Map.of("iso_code", "MC", "names", Map.of("en", "Monaco")));
        Path db = Files.write(dir.resolve("city.mmdb"), TestMmdbWriter.database("GeoLite2-City", record));

        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(db)) {
            assertThat(locator.locate("1.2.3.4")).isEqualTo(new Location(null, null, "MC", null, null));
        }
    }

    @Test
    void countryDatabaseIsRejectedNamingPathAndType(@TempDir Path dir) throws IOException {
        Map<String, Object> record = Map.of("country", Map.of("iso_code", "CH"));
        Path db = Files.write(dir.resolve("GeoLite2-Country.mmdb"), TestMmdbWriter.database("GeoLite2-Country", record));

        assertThatThrownBy(() -> MaxMindGeoLocator.open(db))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("GeoLite2-Country")
                .hasMessageContaining("not a City database");
    }

    @Test
    void asnDatabaseIsRejectedNamingPathAndType(@TempDir Path dir) throws IOException {
        Map<String, Object> record = Map.of("autonomous_system_number", 64512);
        Path db = Files.write(dir.resolve("asn.mmdb"), TestMmdbWriter.database("GeoLite2-ASN", record));

        assertThatThrownBy(() -> MaxMindGeoLocator.open(db))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("GeoLite2-ASN");
    }

    @Test
    void corruptFileIsRejectedNamingThePath(@TempDir Path dir) throws IOException {
        Path db = Files.writeString(dir.resolve("corrupt.mmdb"), "this is not a MaxMind database ".repeat(100));

        assertThatThrownBy(() -> MaxMindGeoLocator.open(db))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("not a readable MaxMind DB file");
    }

    @Test
    void emptyFileIsRejectedNamingThePath(@TempDir Path dir) throws IOException {
        Path db = Files.createFile(dir.resolve("empty.mmdb"));

        assertThatThrownBy(() -> MaxMindGeoLocator.open(db))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(db.toString());
    }

    @Test
    void missingFileIsRejectedNamingThePath(@TempDir Path dir) {
        Path db = dir.resolve("nowhere").resolve("GeoLite2-City.mmdb");

        assertThatThrownBy(() -> MaxMindGeoLocator.open(db))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("no such file")
                .satisfies(e -> assertThat(((UnusableGeoIpDatabaseException) e).path()).isEqualTo(db));
    }

    @Test
    void directoryIsRejectedNamingThePath(@TempDir Path dir) {
        assertThatThrownBy(() -> MaxMindGeoLocator.open(dir))
                .isInstanceOf(UnusableGeoIpDatabaseException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not a regular file");
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOneThread() throws Exception {
        List<String> ips = List.of("81.2.69.160", "216.160.83.56", "89.160.20.112", "2.125.160.216",
                "175.16.199.0", "8.8.8.8", "10.0.0.1", "garbage", "2001:218::1", "::ffff:81.2.69.160");
        Map<String, Location> expected = new HashMap<>();
        ips.forEach(ip -> expected.put(ip, geoip2.locate(ip)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<String>>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                workers.add(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        String ip = ips.get((i * 7 + seed) % ips.size());
                        Location got = geoip2.locate(ip);
                        if (!got.equals(expected.get(ip))) {
                            mismatches.add(ip + " -> " + got);
                        }
                    }
                    return mismatches;
                });
            }
            for (Future<List<String>> result : pool.invokeAll(workers)) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(expected.get("81.2.69.160").city()).isEqualTo("London");
    }
}
