package dev.meridian.postgres;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What bringing an up-to-date schema up to date costs as the first thing of a JVM (harness, not a test), class
 * loading and the JIT included, as in a starting server: {@code mode=flyway} runs Flyway's migrate as every start did
 * before {@link SchemaMigrations}, {@code mode=check} runs {@link SchemaMigrations#migrate} (its one query). Prints
 * the wall-clock time and the JVM's CPU time (all threads) of that call alone; the embedded PostgreSQL is started
 * before and not measured. Arguments: {@code dir=<data directory>} (made and migrated by a first run),
 * {@code mode=flyway|check}. One JVM per figure: docs/benchmarks/startup.md, section 5.
 */
public final class SchemaCheckHarness {

    private SchemaCheckHarness() {
    }

    public static void main(String[] args) {
        Path dir = null;
        String mode = "check";
        for (String arg : args) {
            if (arg.startsWith("dir=")) {
                dir = Path.of(arg.substring("dir=".length()));
            } else if (arg.startsWith("mode=")) {
                mode = arg.substring("mode=".length());
            }
        }
        if (dir == null || !(mode.equals("flyway") || mode.equals("check"))) {
            throw new IllegalArgumentException("usage: dir=<data directory> mode=flyway|check");
        }
        try (EmbeddedDatabase server = EmbeddedDatabase.start(dir, 0)) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(server.jdbcUrl());
            dataSource.setUser(server.user());
            dataSource.setPassword(server.password());
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long started = System.nanoTime();
            String outcome;
            if (mode.equals("flyway")) {
                outcome = Flyway.configure().dataSource(dataSource).locations("classpath:" + SchemaMigrations.LOCATION)
                        .load().migrate().success ? "migrated" : "failed";
            } else {
                outcome = SchemaMigrations.migrate(dataSource).toString();
            }
            long wall = System.nanoTime() - started;
            long used = os.getProcessCpuTime() - cpu;
            System.out.printf("mode=%s outcome=%s wall_ms=%d jvm_cpu_ms=%d%n", mode, outcome, wall / 1_000_000,
                    used / 1_000_000);
        }
    }
}
