package dev.meridian.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh data directory to a migrated schema (harness, not a test): {@link EmbeddedDatabase#start} plus
 * {@link SchemaMigrations#migrate}, with the build's ready-made cluster and with initdb and Flyway, alternately
 * ({@code runs} times each, after one unmeasured start of each that unpacks the binaries and loads the classes), and
 * the unpack alone ({@link ReadyMadeCluster#provide}: fingerprint, unpack beside, rename; no sync to disk), by the
 * system's tar as a start does where there is one and by the Java unpack ({@link SystemTar#NONE}).
 * Prints every run, the medians and the load average. Argument (optional): {@code runs=5}. See
 * docs/benchmarks/startup.md, section 9.
 */
final class ReadyMadeClusterHarness {

    private ReadyMadeClusterHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 && args[0].startsWith("runs=") ? Integer.parseInt(args[0].substring(5)) : 5;
        Path root = Files.createTempDirectory("meridian-ready-made-bench");
        try {
            time(root.resolve("warm-up-initdb"), ReadyMadeCluster.none());
            time(root.resolve("warm-up-ready-made"), ReadyMadeCluster.fromClasspath());
            List<Double> initdb = new ArrayList<>();
            List<Double> readyMade = new ArrayList<>();
            List<Double> unpack = new ArrayList<>();
            List<Double> javaUnpack = new ArrayList<>();
            ReadyMadeCluster javaOnly = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream,
                    System.getenv(), SystemTar.NONE);
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                if (!ReadyMadeCluster.fromClasspath().provide(root.resolve("unpack-" + i))) {
                    throw new IllegalStateException("the build's ready-made cluster was not unpacked");
                }
                unpack.add((System.nanoTime() - started) / 1e6);
                started = System.nanoTime();
                if (!javaOnly.provide(root.resolve("java-unpack-" + i))) {
                    throw new IllegalStateException("the build's ready-made cluster was not unpacked in Java");
                }
                javaUnpack.add((System.nanoTime() - started) / 1e6);
                initdb.add(time(root.resolve("initdb-" + i), ReadyMadeCluster.none()));
                readyMade.add(time(root.resolve("ready-made-" + i), ReadyMadeCluster.fromClasspath()));
                System.out.printf("run %d: initdb + Flyway %.0f ms, ready-made %.0f ms, unpack alone %.0f ms "
                        + "(in Java %.0f ms) (load %s)%n", i + 1, initdb.get(i), readyMade.get(i), unpack.get(i),
                        javaUnpack.get(i), load());
            }
            System.out.printf("fresh data directory to migrated schema, median of %d: initdb + Flyway %.0f ms, "
                    + "ready-made cluster %.0f ms (of which the unpack alone %.0f ms; in Java %.0f ms)%n", runs,
                    median(initdb), median(readyMade), median(unpack), median(javaUnpack));
        } finally {
            ReadyMadeCluster.deleteRecursively(root);
        }
    }

    private static double time(Path data, ReadyMadeCluster readyMade) {
        long started = System.nanoTime();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false, readyMade, Map.of())) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(db.jdbcUrl());
            dataSource.setUser(db.user());
            dataSource.setPassword(db.password());
            SchemaMigrations.migrate(dataSource);
            return (System.nanoTime() - started) / 1e6;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String load() throws java.io.IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }
}
