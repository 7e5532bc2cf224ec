package dev.meridian.http.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The published example body, {@code shared/contract/realtime-map.example.json}, found by walking up from
 * the working directory (in CI {@code shared/} lies beside the cloned repository).
 */
final class ContractExample {

    static final String RELATIVE_PATH = "shared/contract/realtime-map.example.json";

    private ContractExample() {
    }

    static String read() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + candidate, e);
                }
            }
        }
        throw new IllegalStateException("Contract example " + RELATIVE_PATH + " not found in " + start
                + " or any parent directory; clone the project with shared/ beside it (<repo>/../shared)");
    }
}
