package dev.meridian.postgres.bench;

import dev.meridian.postgres.PostgresStorage;
import dev.meridian.postgres.StorageSettings;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Bulk-loads historical visitors (last pageview 1–90 days ago, one pageview event each) into a running server's
 * database with COPY, for measuring the realtime map over HTTP against a large store
 * ({@code benchmarks/scripts/map-latency.sh} with HISTORY). Arguments: JDBC URL, website id, count, and the
 * superuser's password (of an embedded server: the content of {@code <data dir>/postgres/superuser-password}).
 */
public final class HistoryLoader {

    private HistoryLoader() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String website = args[1];
        int count = Integer.parseInt(args[2]);
        String password = args.length > 3 ? args[3] : null;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long start = System.nanoTime();
        try (PostgresStorage storage = PostgresStorage.open(StorageSettings.external(url, "postgres", password)
                .withPool(3, 1, 500))) {
            for (int d = 0; d <= 120; d += 10) {
                storage.keepPartitions(now.minus(Duration.ofDays(d)));
            }
            StorageLoadHarness.copyVisitors(storage, website, "h", count,
                    i -> now.minus(Duration.ofMinutes(1440 + (i * 7L) % (89 * 1440))));
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("analyze visitors");
                s.execute("analyze events");
            }
        }
        System.out.printf("loaded %,d historical visitors for %s in %.1f s%n", count, website,
                (System.nanoTime() - start) / 1e9);
    }
}
