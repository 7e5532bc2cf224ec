package dev.meridian.postgres.bench;

import dev.meridian.postgres.PostgresStorage;
import dev.meridian.postgres.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How long {@link PostgresStorage#open} takes on an embedded data directory that already exists (harness, not a
 * test): the first open in this JVM (what a starting server or embedding application pays, class loading included),
 * then {@code runs} more opens, each closed before the next. Prints every figure and the medians. Arguments:
 * {@code dir=<data directory>} (made by an unmeasured first open if it has no database yet), {@code runs=5}.
 * Run it in several JVMs to get a median of first opens. See docs/benchmarks/storage.md.
 */
public final class StorageOpenHarness {

    private StorageOpenHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int runs = 5;
        for (String arg : args) {
            if (arg.startsWith("dir=")) {
                dir = Path.of(arg.substring("dir=".length()));
            } else if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring("runs=".length()));
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("dir=<data directory> is required");
        }
        StorageSettings settings = StorageSettings.embedded(dir);
        if (!Files.exists(settings.embeddedDataDirectory())) {
            System.out.println("making " + settings.embeddedDataDirectory() + " (not measured); run again to measure");
            PostgresStorage.open(settings).close();
            return;
        }
        double first = timeOpen(settings);
        List<Double> next = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            next.add(timeOpen(settings));
        }
        System.out.printf("first open in this JVM: %.0f ms; next %d opens: %s ms, median %.0f ms%n", first, runs, next,
                median(next));
    }

    private static double timeOpen(StorageSettings settings) {
        long started = System.nanoTime();
        PostgresStorage storage = PostgresStorage.open(settings);
        double millis = Math.round((System.nanoTime() - started) / 1e6);
        storage.close();
        return millis;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
