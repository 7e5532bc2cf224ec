package dev.meridian.http.realtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The hosted product's published example body of the realtime map, kept as the test resource
 * {@code contract/realtime-map.example.json} (docs/api.md §2).
 */
final class ContractExample {

    static final String RESOURCE = "contract/realtime-map.example.json";

    private ContractExample() {
    }

    static String read() {
        try (InputStream in = ContractExample.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + RESOURCE + " is not on the classpath "
                        + "(adapter-http/src/test/resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
