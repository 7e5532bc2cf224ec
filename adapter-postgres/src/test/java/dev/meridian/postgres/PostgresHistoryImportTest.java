package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.ConversionHistory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import use case on PostgreSQL's bulk path: batches, idempotency, payments and the conversion history. */
class PostgresHistoryImportTest {

    static final Instant START = Instant.parse("2025-11-03T08:00:00Z");

    PostgresStorage storage;
    Meridian meridian;
    Website website;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
        storage = TestDatabase.storage();
        meridian = Meridian.builder()
                .storage(storage)
                .importBatchSize(7)
                .conversionModels(history -> ConversionModels.NONE)
                .build();
        website = meridian.websites().create(new NewWebsite("example.com", null, null, null));
    }

    /** 20 visitors over 3 months, 3 sessions of 2 pageviews each, every fifth one pays. */
    List<ImportLine> history() {
        List<ImportLine> lines = new ArrayList<>();
        for (int v = 0; v < 20; v++) {
            String visitor = visitorId(v);
            for (int s = 0; s < 3; s++) {
                String session = String.format("s%08x-0000-4000-8000-%012x", s, v);
                Instant at = START.plus(Duration.ofDays(30L * s + v));
                for (int p = 0; p < 2; p++) {
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put("type", "pageview");
                    f.put("timestamp", at.plus(Duration.ofMinutes(p)).toString());
                    f.put("visitorId", visitor);
                    f.put("sessionId", session);
                    f.put("href", "https://example.com/page" + p + "?utm_source=s" + s);
                    f.put("referrer", "https://google.com/");
                    f.put("countryCode", "DE");
                    f.put("browser", "Firefox");
                    f.put("os", "Linux");
                    f.put("device", "desktop");
                    lines.add(ImportLine.read(lines.size() + 1, f.toString(), f, Map.of()));
                }
            }
            if (v % 5 == 0) {
                Map<String, String> pay = new LinkedHashMap<>();
                pay.put("type", "payment");
                pay.put("amount", "10.50");
                pay.put("currency", "USD");
                pay.put("transaction_id", "tx-" + v);
                pay.put("datafast_visitor_id", visitor);
                pay.put("timestamp", START.plus(Duration.ofDays(70 + v)).toString());
                lines.add(ImportLine.read(lines.size() + 1, pay.toString(), pay, Map.of()));
            }
        }
        return lines;
    }

    @Test
    void importStoresEventsVisitorsAndPaymentsAndImportingAgainStoresNothingTwice() throws SQLException {
        ImportReport first = meridian.importHistory().run(website.id(), history().iterator());
        long visits = count("select sum(visit_count) from visitors");

        ImportReport second = meridian.importHistory().run(website.id(), history().iterator());

        assertThat(first.rejections()).isEmpty();
        assertThat(first.eventsStored()).isEqualTo(120);
        assertThat(first.paymentsStored()).isEqualTo(4);
        assertThat(second.eventsStored()).isZero();
        assertThat(second.paymentsStored()).isZero();
        assertThat(second.alreadyStored()).isEqualTo(124);
        assertThat(count("select count(*) from events")).isEqualTo(120);
        assertThat(count("select count(*) from payments")).isEqualTo(4);
        assertThat(visits).isEqualTo(60);
        assertThat(count("select sum(visit_count) from visitors")).isEqualTo(60);
        assertThat(count("select count(*) from visitors where is_customer")).isEqualTo(4);
    }

    @Test
    void importedVisitorsFeedTheConversionHistoryByFirstPageview() {
        meridian.importHistory().run(website.id(), history().iterator());

        ConversionHistory history = storage.conversionHistory();
        var segments = history.segments(website.id(), START, START.plus(Duration.ofDays(365)));

        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.visitors()).isEqualTo(20);
            assertThat(s.converters()).isEqualTo(4);
            assertThat(s.revenue()).isEqualTo(42.0);
            assertThat(s.dimensions().referrer()).isEqualTo("google.com");
        });
        VisitorState first = storage.visitors().find(website.id(), visitorId(0)).orElseThrow();
        assertThat(first.visitCount()).isEqualTo(3);
        assertThat(first.firstSeenAt()).isEqualTo(START);
        assertThat(first.sessionParams().utmSource()).isEqualTo("s2");
    }

    static String visitorId(int v) {
        return String.format("%08x-0000-4000-8000-%012x", v, v);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
