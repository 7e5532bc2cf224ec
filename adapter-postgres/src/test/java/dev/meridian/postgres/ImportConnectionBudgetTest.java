package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.Website;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Imports write through a pool of their own: however many imports hold connections (here four, each stuck on a
 * visitor row another transaction has locked), tracking keeps every connection of the main pool. With one shared
 * pool of three connections, three stuck imports took all of them and tracking failed with "storage unavailable".
 */
class ImportConnectionBudgetTest {

    private static final String STUCK_VISITOR = "0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f";

    @Test
    void importsHoldingEveryConnectionOfTheirPoolLeaveTrackingItsOwn() throws Exception {
        EmbeddedDatabase db = TestDatabase.server();
        TestDatabase.storage(); // the schema
        try (PostgresStorage storage = PostgresStorage.open(
                StorageSettings.external(db.jdbcUrl(), db.user(), db.password()).withPool(3, 1, 500).withImportPool(2))) {
            Meridian meridian = Meridian.builder()
                    .storage(storage)
                    .importWriters(1)
                    .conversionModels(history -> ConversionModels.NONE)
                    .build();
            Website website = meridian.websites().create(new NewWebsite("budget.example", null, null, null));
            assertThat(importOne(meridian, website, 0).eventsStored()).isEqualTo(1); // the visitor's row exists

            ExecutorService importers = Executors.newFixedThreadPool(4);
            List<Future<ImportReport>> imports = new ArrayList<>();
            try (Connection locker = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                locker.setAutoCommit(false);
                try (PreparedStatement lock = locker.prepareStatement(
                        "select 1 from visitors where website_id = ? and visitor_id = ? for update")) {
                    lock.setString(1, website.id());
                    lock.setString(2, STUCK_VISITOR);
                    lock.executeQuery().close();
                }
                for (int i = 1; i <= 4; i++) {
                    int line = i;
                    imports.add(importers.submit(() -> importOne(meridian, website, line)));
                }
                awaitImportsWaitingOnTheLock(db, 2);

                for (int i = 0; i < 10; i++) {
                    long started = System.nanoTime();
                    assertThat(meridian.trackEvent().track(pageview(website, i)).eventId()).isNotNull();
                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .as("tracking waited for no connection").isLessThan(Duration.ofSeconds(2));
                }
                locker.rollback();
            } finally {
                importers.shutdown();
            }
            for (Future<ImportReport> stuck : imports) {
                assertThat(stuck.get(60, TimeUnit.SECONDS).eventsStored()).isEqualTo(1);
            }
        }
    }

    private static ImportReport importOne(Meridian meridian, Website website, int line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", "pageview");
        fields.put("timestamp", Instant.parse("2025-11-03T08:00:00Z").plusSeconds(line).toString());
        fields.put("visitorId", STUCK_VISITOR);
        fields.put("sessionId", "s9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
        fields.put("href", "https://budget.example/page" + line);
        return meridian.importHistory().run(website.id(),
                List.of(ImportLine.read(1, fields.toString(), fields, Map.of())).iterator());
    }

    private static TrackCommand pageview(Website website, int i) {
        return new TrackCommand(website.trackingId(), "budget.example", "https://budget.example/live", null,
                String.format("%08x-1111-4000-8000-000000000000", i), String.format("s%08x-2222-4000-8000-000000000000", i), "pageview", Map.of(), false,
                "198.51.100.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
    }

    /** Until {@code count} backends of the import pool wait for a row lock. */
    private static void awaitImportsWaitingOnTheLock(EmbeddedDatabase db, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int waiting = 0;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and application_name like 'meridian%'")) {
                    rs.next();
                    waiting = rs.getInt(1);
                }
                if (waiting >= count) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        assertThat(waiting).as("imports waiting on the locked visitor").isGreaterThanOrEqualTo(count);
    }
}
