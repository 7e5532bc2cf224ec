package dev.meridian.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of {@code shared/} (beside the repository) by walking up from the working directory. */
public final class SharedFiles {

    private SharedFiles() {
    }

    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/" + relative + " not found above " + Path.of("").toAbsolutePath()
                + ": the repository must be checked out beside shared/");
    }
}
