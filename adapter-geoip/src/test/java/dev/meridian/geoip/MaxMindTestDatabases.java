package dev.meridian.geoip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MaxMind's public test databases, test resources of this module ({@code src/test/resources/maxmind/}, with their
 * licence and origin). Other modules' tests get them, and this class, through this module's test-jar.
 */
public final class MaxMindTestDatabases {

    public static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    public static final String GEOLITE2_CITY = "GeoLite2-City-Test.mmdb";

    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private MaxMindTestDatabases() {}

    /**
     * The database as a file: the resource itself when the classpath holds it as a file (this module's
     * {@code target/test-classes}), otherwise (inside the test-jar) a copy made once per JVM in a temporary file.
     */
    public static Path path(String fileName) {
        String resource = "maxmind/" + fileName;
        URL url = MaxMindTestDatabases.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Test resource " + resource + " is not on the classpath: it lives in "
                    + "adapter-geoip/src/test/resources and reaches other modules through adapter-geoip's test-jar");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(url.toString(), e);
            }
        }
        return COPIES.computeIfAbsent(fileName, name -> copy(url, name));
    }

    private static Path copy(URL url, String fileName) {
        try (InputStream in = url.openStream()) {
            Path file = Files.createTempFile("meridian-test-", "-" + fileName);
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + url + " to a temporary file", e);
        }
    }
}
