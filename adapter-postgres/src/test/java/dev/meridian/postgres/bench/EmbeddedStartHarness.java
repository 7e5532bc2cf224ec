package dev.meridian.postgres.bench;

import dev.meridian.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long {@link EmbeddedDatabase#start} takes (harness, not a test): on a fresh data directory (initdb and first
 * start) and on one already made (a restart), {@code runs} times each after one unmeasured start that unpacks the
 * binaries; then how long opening a connection takes ({@code connections} of them, one after the other). Prints
 * every run and the medians. Arguments (optional): {@code runs=5 connections=50}. See docs/storage.md.
 */
public final class EmbeddedStartHarness {

    private EmbeddedStartHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int connections = 50;
        for (String arg : args) {
            if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring("runs=".length()));
            } else if (arg.startsWith("connections=")) {
                connections = Integer.parseInt(arg.substring("connections=".length()));
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
            List<Double> connecting = new ArrayList<>();
            try (EmbeddedDatabase database = EmbeddedDatabase.start(reused, 0)) {
                Path passwordFile = reused.resolve("superuser-password"); // none before passwords were required
                String password = Files.exists(passwordFile) ? Files.readString(passwordFile).strip() : null;
                for (int i = 0; i < connections; i++) {
                    long started = System.nanoTime();
                    DriverManager.getConnection(database.jdbcUrl(), database.user(), password).close();
                    connecting.add((System.nanoTime() - started) / 1e6);
                }
            }
            System.out.printf("fresh data directory: %s ms, median %.0f ms%n", fresh, median(fresh));
            System.out.printf("existing data directory: %s ms, median %.0f ms%n", warm, median(warm));
            System.out.printf("opening a connection: first %.1f ms, median of %d %.2f ms%n", connecting.get(0),
                    connections, median(connecting));
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
