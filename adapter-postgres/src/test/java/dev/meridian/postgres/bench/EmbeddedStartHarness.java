package dev.meridian.postgres.bench;

import dev.meridian.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long {@link EmbeddedDatabase#start} takes (harness, not a test): on a fresh data directory (initdb and first
 * start) and on one already made (a restart), {@code runs} times each after one unmeasured start that unpacks the
 * binaries. Prints every run and the medians. Argument (optional): {@code runs=5}. See docs/storage.md.
 */
public final class EmbeddedStartHarness {

    private EmbeddedStartHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        for (String arg : args) {
            if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring("runs=".length()));
            }
        }
        Path root = Files.createTempDirectory("meridian-start-bench");
        try {
            timeStart(root.resolve("warm-up")); // unpacks the binaries once per JVM, as the first start in any JVM
            List<Double> fresh = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                fresh.add(timeStart(root.resolve("fresh-" + i)));
            }
            Path reused = root.resolve("reused");
            timeStart(reused);
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warm.add(timeStart(reused));
            }
            System.out.printf("fresh data directory: %s ms, median %.0f ms%n", fresh, median(fresh));
            System.out.printf("existing data directory: %s ms, median %.0f ms%n", warm, median(warm));
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double timeStart(Path dataDirectory) throws IOException {
        long started = System.nanoTime();
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, 0);
        double millis = Math.round((System.nanoTime() - started) / 1e6);
        database.close();
        return millis;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
