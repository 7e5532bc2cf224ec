package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.TrackingFixture;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.core.store.TestStorage;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.ImportSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HistoryImportTest {

    static final Instant START = Instant.parse("2026-01-10T09:00:00Z");

    /** A Meridian over its own in-memory store, enrichment as in {@link TrackingFixture}. */
    static final class Server {
        final MutableClock clock = new MutableClock(Instant.parse("2026-02-06T05:27:20.000Z"));
        final InMemoryStore store = new InMemoryStore();
        final Meridian meridian;
        final Website website;

        Server(int batchSize) {
            meridian = Meridian.builder()
                    .storage(store)
                    .clock(clock)
                    .importBatchSize(batchSize)
                    .geoLocator(ip -> ip.equals("81.2.69.160")
                            ? new Location("London", "GB-ENG", "GB", 51.5142, -0.0931)
                            : new Location("Denver", "US-CO", "US", 39.7391, -104.9866))
                    .deviceDetector(ua -> ua != null && ua.contains("bot")
                            ? new ClientDevice(SystemInfo.UNKNOWN, true)
                            : ua != null && ua.contains("iPhone")
                                    ? new ClientDevice(new SystemInfo("Mobile Safari", "iOS", "mobile"), false)
                                    : new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false))
                    .build();
            website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));
        }

        Server() {
            this(HistoryImport.DEFAULT_BATCH_SIZE);
        }

        ImportReport importLines(List<Map<String, String>> records) {
            List<ImportLine> lines = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                lines.add(line(i + 1, records.get(i)));
            }
            return meridian.importHistory().run(website.id(), lines.iterator());
        }

        VisitorState visitor(String id) {
            return store.visitors().find(website.id(), id).orElseThrow();
        }
    }

    /** The record as an import line: keys {@code extra.<name>} are the line's extra fields, the others its fields. */
    static ImportLine line(long number, Map<String, String> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        record.forEach((key, value) -> {
            if (key.startsWith("extra.")) {
                extra.put(key.substring("extra.".length()), value);
            } else {
                fields.put(key, value);
            }
        });
        return ImportLine.read(number, record.toString(), fields, extra);
    }

    /** One event record, as a tracker would have sent it at {@code at}. */
    static Map<String, String> event(String type, Instant at, String visitor, String session, String href,
            String referrer, String ip, String userAgent, String... extra) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("type", type);
        r.put("timestamp", at.toString());
        r.put("visitorId", visitor);
        r.put("sessionId", session);
        r.put("href", href);
        if (referrer != null) {
            r.put("referrer", referrer);
        }
        r.put("ip", ip);
        r.put("userAgent", userAgent);
        for (int i = 0; i < extra.length; i += 2) {
            r.put("extra." + extra[i], extra[i + 1]);
        }
        return r;
    }

    static Map<String, String> pageview(Instant at, String visitor, String session, String href) {
        return event("pageview", at, visitor, session, href, null, "203.0.113.9", TrackingFixture.DESKTOP_CHROME);
    }

    /** A visitor's life: landing with a campaign, idle gaps under and over 30 minutes, a new session id, goals. */
    static List<Map<String, String>> history(String visitor) {
        String s1 = TrackingFixture.newSessionId();
        String s2 = TrackingFixture.newSessionId();
        String s3 = TrackingFixture.newSessionId();
        List<Map<String, String>> h = new ArrayList<>();
        h.add(event("pageview", START, visitor, s1, "https://example.com/?utm_source=news&utm_campaign=spring",
                "https://www.google.com/search", "203.0.113.9", TrackingFixture.DESKTOP_CHROME));
        h.add(pageview(START.plus(Duration.ofMinutes(5)), visitor, s1, "https://example.com/pricing"));
        h.add(event("custom", START.plus(Duration.ofMinutes(6)), visitor, s1, "https://example.com/pricing", null,
                "203.0.113.9", TrackingFixture.DESKTOP_CHROME, "eventName", "signup", "plan", "pro"));
        h.add(pageview(START.plus(Duration.ofMinutes(35)), visitor, s1, "https://example.com/docs"));
        h.add(event("pageview", START.plus(Duration.ofMinutes(90)), visitor, s1, "https://example.com/?ref=hn",
                "https://news.ycombinator.com/", "81.2.69.160", "Mozilla/5.0 (iPhone) Mobile Safari"));
        h.add(event("identify", START.plus(Duration.ofMinutes(91)), visitor, s1, "https://example.com/", null,
                "81.2.69.160", "Mozilla/5.0 (iPhone) Mobile Safari", "user_id", "u-42", "name", "Ada"));
        h.add(pageview(START.plus(Duration.ofMinutes(100)), visitor, s2, "https://example.com/blog"));
        h.add(event("external_link", START.plus(Duration.ofMinutes(101)), visitor, s2, "https://example.com/blog", null,
                "203.0.113.9", TrackingFixture.DESKTOP_CHROME, "url", "https://github.com/", "text", "GitHub"));
        h.add(pageview(START.plus(Duration.ofDays(3)), visitor, s3, "https://example.com/"));
        return h;
    }

    /** What live tracking stores for the same records, each sent at its timestamp. */
    static Server trackedLive(List<Map<String, String>> records) {
        Server live = new Server();
        for (Map<String, String> r : records) {
            live.clock.set(Instant.parse(r.get("timestamp")));
            Map<String, String> extra = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                if (k.startsWith("extra.")) {
                    extra.put(k.substring(6), v);
                }
            });
            live.meridian.trackEvent().track(new TrackCommand(live.website.trackingId(), "example.com", r.get("href"),
                    r.get("referrer"), r.get("visitorId"), r.get("sessionId"), r.get("type"), extra, false, r.get("ip"),
                    r.get("userAgent")));
        }
        return live;
    }

    @Test
    void everyBatchAnImportStoresTellsTheWebsitesLiveMapAndABatchOfNothingNewDoesNot() {
        Server server = new Server(2);
        AtomicInteger changes = new AtomicInteger();
        String visitor = TrackingFixture.newVisitorId();
        String session = TrackingFixture.newSessionId();
        List<Map<String, String>> records = List.of(pageview(START, visitor, session, "https://example.com/"),
                pageview(START.plusSeconds(1), visitor, session, "https://example.com/a"),
                pageview(START.plusSeconds(2), visitor, session, "https://example.com/b"));
        try (var subscription = server.meridian.watchRealtimeMap().subscribe(server.website.id(),
                changes::incrementAndGet)) {
            ImportReport report = server.importLines(records);
            assertThat(report.eventsStored()).as(report.toString()).isEqualTo(3);
            assertThat(changes).as("two batches of at most two events").hasValue(2);

            server.importLines(records);
            assertThat(changes).as("the same lines again store nothing").hasValue(2);
        }
    }

    @Test
    void importedEventsChangeTheVisitorExactlyAsLiveTrackingOfTheSameEventsInTimestampOrder() {
        String visitor = TrackingFixture.newVisitorId();
        List<Map<String, String>> records = history(visitor);
        VisitorState live = trackedLive(records).visitor(visitor);

        List<Map<String, String>> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(7));
        Server imported = new Server();
        ImportReport report = imported.importLines(shuffled);

        assertThat(report.rejections()).isEmpty();
        assertThat(report.eventsStored()).isEqualTo(records.size());
        VisitorState state = imported.visitor(visitor);
        assertThat(state).usingRecursiveComparison().ignoringFields("websiteId").isEqualTo(live);
        assertThat(state.visitCount()).isEqualTo(4);
        assertThat(state.firstTouch()).isEqualTo(new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com"));
        assertThat(state.profile().userId()).isEqualTo("u-42");
        assertThat(state.sessionParams().utmSource()).isNull();
    }

    @Test
    void batchesSmallerThanTheFileGiveLiveTrackingsStatesWhenTheFileIsInTimeOrder() {
        String visitor = TrackingFixture.newVisitorId();
        String other = TrackingFixture.newVisitorId();
        List<Map<String, String>> records = new ArrayList<>(history(visitor));
        records.addAll(history(other));
        records.sort((a, b) -> a.get("timestamp").compareTo(b.get("timestamp")));
        Server live = trackedLive(records);

        Server imported = new Server(2);
        imported.importLines(records);

        assertThat(imported.visitor(visitor)).usingRecursiveComparison().ignoringFields("websiteId")
                .isEqualTo(live.visitor(visitor));
        assertThat(imported.visitor(other)).usingRecursiveComparison().ignoringFields("websiteId")
                .isEqualTo(live.visitor(other));
    }

    @Test
    void importingTheSameLinesAgainStoresNothingTwice() {
        String visitor = TrackingFixture.newVisitorId();
        List<Map<String, String>> records = new ArrayList<>(history(visitor));
        records.add(payment("tx-1", visitor, "49.00"));
        Server server = new Server(3);
        server.importLines(records);
        VisitorState once = server.visitor(visitor);

        ImportReport again = server.importLines(records);

        assertThat(again.accepted()).isEqualTo(records.size());
        assertThat(again.eventsStored()).isZero();
        assertThat(again.paymentsStored()).isZero();
        assertThat(again.alreadyStored()).isEqualTo(records.size());
        assertThat(server.visitor(visitor)).isEqualTo(once);
        assertThat(server.store.eventLog().recentEvents(server.website.id(), Instant.EPOCH, 1000))
                .hasSize(records.size() - 1);
        assertThat(server.visitor(visitor).customer().revenue()).isEqualByComparingTo("49.00");
    }

    @Test
    void theSameLineTwiceInOneFileIsStoredOnce() {
        String visitor = TrackingFixture.newVisitorId();
        Map<String, String> landing = pageview(START, visitor, TrackingFixture.newSessionId(), "https://example.com/");
        Server server = new Server();

        ImportReport report = server.importLines(List.of(landing, landing));

        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.alreadyStored()).isEqualTo(1);
        assertThat(server.visitor(visitor).visitCount()).isEqualTo(1);
    }

    @Test
    void rejectedLinesAreReportedWithTheirNumberAndReasonWhileValidLinesAreStored() {
        String visitor = TrackingFixture.newVisitorId();
        String session = TrackingFixture.newSessionId();
        Map<String, String> noHref = pageview(START, visitor, session, "https://example.com/");
        noHref.remove("href");
        Map<String, String> badTime = pageview(START, visitor, session, "https://example.com/");
        badTime.put("timestamp", "yesterday");
        Map<String, String> otherSite = pageview(START, visitor, session, "https://elsewhere.org/");
        Map<String, String> badVisitor = pageview(START, "not-a-uuid", session, "https://example.com/");
        Map<String, String> future = pageview(Instant.parse("2027-01-01T00:00:00Z"), visitor, session,
                "https://example.com/");
        Map<String, String> badPayment = payment("tx-9", visitor, "-3");
        List<ImportLine> lines = List.of(
                line(1, pageview(START, visitor, session, "https://example.com/a")),
                line(2, noHref),
                ImportLine.unreadable(3, "{oops", "line is not valid JSON"),
                line(4, badTime),
                line(5, otherSite),
                line(6, badVisitor),
                line(7, pageview(START.plusSeconds(60), visitor, session, "https://example.com/b")),
                line(8, future),
                line(9, badPayment),
                ImportLine.read(10, "   ", Map.of(), Map.of()));
        Server server = new Server();

        ImportReport report = server.meridian.importHistory().run(server.website.id(), lines.iterator());

        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(7);
        assertThat(report.rejections()).extracting(ImportReport.Rejection::line).containsExactly(2L, 3L, 4L, 5L, 6L, 8L, 9L);
        assertThat(report.rejections()).extracting(ImportReport.Rejection::reason).satisfiesExactly(
                r -> assertThat(r).contains("href"),
                r -> assertThat(r).contains("JSON"),
                r -> assertThat(r).contains("timestamp"),
                r -> assertThat(r).contains("href host 'elsewhere.org'"),
                r -> assertThat(r).contains("visitorId"),
                r -> assertThat(r).contains("timestamp").contains("future"),
                r -> assertThat(r).contains("amount"));
        assertThat(server.visitor(visitor).currentUrl()).isEqualTo("/b");
        assertThat(server.store.eventLog().recentEvents(server.website.id(), Instant.EPOCH, 100)).hasSize(2);
    }

    @Test
    void linesBreakingTheApisRulesAreRejectedWithTheApisMessage() {
        String visitor = TrackingFixture.newVisitorId();
        String session = TrackingFixture.newSessionId();
        Map<String, String> abc = payment("tx-1", visitor, "10");
        abc.put("currency", "ABC");
        Map<String, String> exponent = payment("tx-2", visitor, "1E-500000000");
        Map<String, String> huge = payment("tx-3", visitor, "5000000000000");
        Map<String, String> ancient = pageview(Instant.parse("1900-01-01T00:00:00Z"), visitor, session,
                "https://example.com/");
        Map<String, String> ancientPayment = payment("tx-4", visitor, "10");
        ancientPayment.put("timestamp", "1900-01-01T00:00:00Z");
        Map<String, String> badVisitor = payment("tx-5", "not-a-uuid", "10");
        Map<String, String> nulReferrer = event("pageview", START, visitor, session, "https://example.com/",
                "https://news.example/\u0000", "203.0.113.9", TrackingFixture.DESKTOP_CHROME);
        Map<String, String> javascriptLink = event("external_link", START, visitor, session, "https://example.com/",
                null, "203.0.113.9", TrackingFixture.DESKTOP_CHROME, "url", "javascript:alert(1)");
        Map<String, String> nulCity = pageview(START, visitor, session, "https://example.com/");
        nulCity.put("city", "Par\u0000is");
        Server server = new Server();

        ImportReport report = server.importLines(List.of(abc, exponent, huge, ancient, ancientPayment, badVisitor,
                nulReferrer, javascriptLink, nulCity));

        assertThat(report.accepted()).isZero();
        assertThat(report.rejections()).extracting(ImportReport.Rejection::reason).containsExactly(
                "currency must be an ISO 4217 code such as USD, got 'ABC'",
                "amount must be a decimal number of at most 12 digits before the point and 8 after it, without exponent "
                        + "(such as 49.99), got '1E-500000000'",
                "amount must be a decimal number of at most 12 digits before the point and 8 after it, without exponent "
                        + "(such as 49.99), got '5000000000000'",
                "timestamp lies before 2000-01-01",
                "timestamp lies before 2000-01-01",
                "datafast_visitor_id must be a UUID v4",
                "referrer must not contain control characters (found U+0000)",
                "extraData.url must be an http or https URL",
                "city must not contain control characters (found U+0000)");
        assertThat(server.store.eventLog().recentEvents(server.website.id(), Instant.EPOCH, 10)).isEmpty();
        assertThat(server.store.payments().recentPayments(server.website.id(), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void aBlankEmailOfAnImportedPaymentIsAbsentAndACampaignParameterDecodingToNulIsLeftOut() {
        String visitor = TrackingFixture.newVisitorId();
        Map<String, String> blankEmail = payment("tx-1", visitor, "10");
        blankEmail.put("email", "  ");
        Map<String, String> trimmed = payment("tx-2", visitor, "10");
        trimmed.put("customer_email", " ada@example.com ");
        Server server = new Server();

        ImportReport report = server.importLines(List.of(
                pageview(START, visitor, TrackingFixture.newSessionId(), "https://example.com/?utm_source=%00x"),
                blankEmail, trimmed));

        assertThat(report.rejections()).isEmpty();
        assertThat(server.store.payments().byTransactionId(server.website.id(), "tx-1").orElseThrow().email()).isNull();
        assertThat(server.store.payments().byTransactionId(server.website.id(), "tx-2").orElseThrow().email())
                .isEqualTo("ada@example.com");
        assertThat(server.visitor(visitor).sessionParams().utmSource()).isNull();
        assertThat(server.visitor(visitor).currentUrl()).isEqualTo("/?utm_source=%00x");
    }

    @Test
    void aTimestampUpToADayAheadIsAcceptedAndLaterIsInTheFuture() {
        Server server = new Server();
        Instant now = server.clock.now();

        ImportReport report = server.importLines(List.of(
                pageview(now.plus(Duration.ofDays(1)), TrackingFixture.newVisitorId(), TrackingFixture.newSessionId(),
                        "https://example.com/"),
                pageview(now.plus(Duration.ofDays(1)).plusSeconds(1), TrackingFixture.newVisitorId(),
                        TrackingFixture.newSessionId(), "https://example.com/")));

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo("timestamp lies more than 1 day in the future");
        });
    }

    @Test
    void onlyTheFirstHundredRejectionsAreListedButEveryOneIsCounted() {
        List<Map<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            records.add(pageview(START, "bad-" + i, TrackingFixture.newSessionId(), "https://example.com/"));
        }
        ImportReport report = new Server().importLines(records);

        assertThat(report.rejected()).isEqualTo(150);
        assertThat(report.rejections()).hasSize(ImportReport.MAX_REJECTIONS);
        assertThat(report.rejections().get(99).line()).isEqualTo(100);
    }

    @Test
    void robotsAreDroppedAndCounted() {
        String robot = TrackingFixture.newVisitorId();
        Map<String, String> crawl = event("pageview", START, robot, TrackingFixture.newSessionId(),
                "https://example.com/", null, "203.0.113.9", "Googlebot/2.1");
        Server server = new Server();

        ImportReport report = server.importLines(List.of(crawl));

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.robots()).isEqualTo(1);
        assertThat(report.eventsStored()).isZero();
        assertThat(server.store.visitors().find(server.website.id(), robot)).isEmpty();
        assertThat(server.meridian.robots().robotsOf(server.website.id())).isEqualTo(new RobotCount(1, 0));
    }

    @Test
    void anImportedRobotIsCountedOnTheUtcDayOfItsTimestamp() {
        Map<String, String> crawl = event("pageview", START, TrackingFixture.newVisitorId(),
                TrackingFixture.newSessionId(), "https://example.com/", null, "203.0.113.9", "Googlebot/2.1");
        Server server = new Server();

        server.importLines(List.of(crawl));
        server.meridian.close();

        assertThat(server.store.robotCounts().orElseThrow().count(server.website.id(), LocalDate.of(2026, 1, 10)))
                .isEqualTo(new RobotCount(1, 1));
        assertThat(server.store.robotCounts().orElseThrow().count(server.website.id(), LocalDate.of(2026, 2, 6)))
                .isEqualTo(new RobotCount(1, 0));
    }

    @Test
    void alreadyResolvedLocationAndSystemAreStoredAsGiven() {
        String visitor = TrackingFixture.newVisitorId();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("type", "pageview");
        r.put("timestamp", "2026-01-10T10:00:00.000+01:00");
        r.put("visitorId", visitor);
        r.put("sessionId", TrackingFixture.newSessionId());
        r.put("href", "https://www.example.com/");
        r.put("referrer", "https://x.com/status/1");
        r.put("countryCode", "FR");
        r.put("region", "FR-IDF");
        r.put("city", "Paris");
        r.put("latitude", "48.8566");
        r.put("longitude", "2.3522");
        r.put("browser", "Firefox");
        r.put("os", "Linux");
        r.put("device", "desktop");
        Server server = new Server();

        server.importLines(List.of(r));

        VisitorState state = server.visitor(visitor);
        assertThat(state.firstSeenAt()).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
        assertThat(state.location()).isEqualTo(new Location("Paris", "FR-IDF", "FR", 48.8566, 2.3522));
        assertThat(state.system()).isEqualTo(new SystemInfo("Firefox", "Linux", "desktop"));
        assertThat(state.firstTouch()).isEqualTo(new VisitorDimensions("desktop", "Linux", "Firefox", "FR", "x.com"));
    }

    @Test
    void paymentsMarkTheirVisitorAsCustomerAndFeedTheConversionHistory() {
        String buyer = TrackingFixture.newVisitorId();
        String browser = TrackingFixture.newVisitorId();
        List<Map<String, String>> records = new ArrayList<>();
        records.add(pageview(START, buyer, TrackingFixture.newSessionId(), "https://example.com/"));
        records.add(pageview(START, browser, TrackingFixture.newSessionId(), "https://example.com/"));
        records.add(payment("tx-1", buyer, "30"));
        Map<String, String> euros = payment("tx-2", buyer, "99");
        euros.put("currency", "eur");
        euros.put("email", "ada@example.org");
        records.add(euros);
        records.add(payment("tx-3", browser, "0"));
        Server server = new Server();

        ImportReport report = server.importLines(records);

        assertThat(report.paymentsStored()).isEqualTo(3);
        assertThat(server.visitor(buyer).customer().customer()).isTrue();
        assertThat(server.visitor(buyer).customer().revenue()).isEqualByComparingTo("30");
        assertThat(server.visitor(buyer).customer().email()).isEqualTo("ada@example.org");
        assertThat(server.visitor(browser).customer().customer()).isFalse();
        assertThat(server.store.payments().recentPayments(server.website.id(), Instant.EPOCH, 10)).hasSize(3);
        List<SegmentCount> segments = server.store.conversionHistory().segments(server.website.id(),
                START.minusSeconds(1), START.plusSeconds(1));
        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.visitors()).isEqualTo(2);
            assertThat(s.converters()).isEqualTo(1);
            assertThat(s.revenue()).isEqualTo(30.0);
        });
    }

    @Test
    void aPaymentWithATransactionIdSeenBeforeStoresNothing() {
        String buyer = TrackingFixture.newVisitorId();
        Server server = new Server();
        server.importLines(List.of(pageview(START, buyer, TrackingFixture.newSessionId(), "https://example.com/"),
                payment("tx-1", buyer, "30")));
        Map<String, String> sameTransaction = payment("tx-1", buyer, "45");

        ImportReport report = server.importLines(List.of(sameTransaction));

        assertThat(report.paymentsStored()).isZero();
        assertThat(report.alreadyStored()).isEqualTo(1);
        assertThat(server.visitor(buyer).customer().revenue()).isEqualByComparingTo(BigDecimal.valueOf(30));
    }

    /** A Meridian over {@code store} whose imports go through {@code sink}, two events per batch. */
    static Meridian importingThrough(InMemoryStore store, ImportSink sink) {
        return Meridian.builder().storage(TestStorage.of(store).withImportSink(sink)).importBatchSize(2).build();
    }

    static List<ImportLine> pageviews(int count) {
        List<ImportLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(line(i + 1, pageview(START.plusSeconds(i), TrackingFixture.newVisitorId(),
                    TrackingFixture.newSessionId(), "https://example.com/" + i)));
        }
        return lines;
    }

    @Test
    void theNextBatchIsReadWhileThePreviousOneIsBeingStored() throws InterruptedException {
        InMemoryStore store = new InMemoryStore();
        CountDownLatch thirdLineRead = new CountDownLatch(1);
        List<Boolean> readWhileStoring = Collections.synchronizedList(new ArrayList<>());
        ImportSink sink = (websiteId, events, update) -> {
            try {
                readWhileStoring.add(thirdLineRead.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.importSink().orElseThrow().appendAll(websiteId, events, update);
        };
        Meridian meridian = importingThrough(store, sink);
        Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));
        Iterator<ImportLine> lines = pageviews(4).iterator();
        Iterator<ImportLine> counted = new Iterator<>() {
            int read;

            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public ImportLine next() {
                if (++read == 3) {
                    thirdLineRead.countDown();
                }
                return lines.next();
            }
        };

        ImportReport report = meridian.importHistory().run(website.id(), counted);

        assertThat(readWhileStoring).first().isEqualTo(true);
        assertThat(report.eventsStored()).isEqualTo(4);
    }

    @Test
    void aLargeBatchIsStoredInTwoPartsAtOnceEachVisitorInOnePartAndEndsAsOneWriterWould() throws Exception {
        List<Map<String, String>> records = new ArrayList<>();
        List<String> visitors = new ArrayList<>();
        for (int v = 0; v < 300; v++) {
            String visitor = TrackingFixture.newVisitorId();
            visitors.add(visitor);
            records.addAll(history(visitor));
        }
        records.sort((a, b) -> a.get("timestamp").compareTo(b.get("timestamp")));
        List<ImportLine> lines = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            lines.add(line(i + 1, records.get(i)));
        }
        InMemoryStore oneWriter = new InMemoryStore();
        Meridian single = Meridian.builder().storage(oneWriter).importBatchSize(lines.size()).importWriters(1).build();
        Website singleSite = single.websites().create(new NewWebsite("example.com", "Example", null, null));
        single.importHistory().run(singleSite.id(), lines.iterator());

        InMemoryStore store = new InMemoryStore();
        CyclicBarrier bothWriting = new CyclicBarrier(2);
        List<Set<String>> visitorsOfCalls = Collections.synchronizedList(new ArrayList<>());
        ImportSink sink = (websiteId, events, update) -> {
            Set<String> ofCall = new HashSet<>();
            events.forEach(e -> ofCall.add(e.visitorId()));
            visitorsOfCalls.add(ofCall);
            try {
                bothWriting.await(10, TimeUnit.SECONDS); // fails unless the other part is being stored at once
            } catch (Exception e) {
                throw new IllegalStateException("the parts were not stored at once", e);
            }
            return store.importSink().orElseThrow().appendAll(websiteId, events, update);
        };
        Meridian meridian = Meridian.builder().storage(TestStorage.of(store).withImportSink(sink))
                .importBatchSize(lines.size())
                .importWriters(2).build();
        Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));

        ImportReport report = meridian.importHistory().run(website.id(), lines.iterator());

        assertThat(report.eventsStored()).isEqualTo(lines.size());
        assertThat(visitorsOfCalls).hasSize(2);
        assertThat(visitorsOfCalls.get(0)).doesNotContainAnyElementsOf(visitorsOfCalls.get(1));
        for (String visitor : visitors) {
            assertThat(store.visitors().find(website.id(), visitor).orElseThrow()).usingRecursiveComparison()
                    .ignoringFields("websiteId").isEqualTo(oneWriter.visitors().find(singleSite.id(), visitor)
                            .orElseThrow());
        }
    }

    @Test
    void whenOnePartOfABatchFailsTheImportFailsOnlyAfterTheOtherPartHasEnded() {
        List<ImportLine> lines = pageviews(2_400);
        InMemoryStore store = new InMemoryStore();
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> otherPartEnded = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch failing = new CountDownLatch(1);
        ImportSink sink = (websiteId, events, update) -> {
            calls.incrementAndGet();
            if (Math.floorMod(events.get(0).visitorId().hashCode(), 2) == 0) { // the part the batch's own thread stores
                failing.countDown();
                throw new StorageUnavailableException("database down", null);
            }
            try {
                failing.await(10, TimeUnit.SECONDS);
                Thread.sleep(200); // still storing well after the other part failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Event> stored = store.importSink().orElseThrow().appendAll(websiteId, events, update);
            otherPartEnded.add(true);
            return stored;
        };
        Meridian meridian = Meridian.builder().storage(TestStorage.of(store).withImportSink(sink))
                .importBatchSize(lines.size())
                .importWriters(2).build();
        Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));

        assertThatThrownBy(() -> meridian.importHistory().run(website.id(), lines.iterator()))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("database down");
        assertThat(otherPartEnded).containsExactly(true);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aBatchThatFailsToBeStoredFailsTheImportAndTheBatchesBeforeItStay() {
        InMemoryStore store = new InMemoryStore();
        AtomicInteger calls = new AtomicInteger();
        ImportSink sink = (websiteId, events, update) -> {
            if (calls.incrementAndGet() == 2) {
                throw new StorageUnavailableException("database down", null);
            }
            return store.importSink().orElseThrow().appendAll(websiteId, events, update);
        };
        Meridian meridian = importingThrough(store, sink);
        Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));
        List<ImportLine> lines = pageviews(6);

        assertThatThrownBy(() -> meridian.importHistory().run(website.id(), lines.iterator()))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("database down");
        assertThat(store.visitors().find(website.id(), lines.get(0).fields().get("visitorId"))).isPresent();
        assertThat(store.visitors().find(website.id(), lines.get(2).fields().get("visitorId"))).isEmpty();
    }

    @Test
    void importIntoAnUnknownWebsiteIsNotFound() {
        Server server = new Server();
        assertThatThrownBy(() -> server.meridian.importHistory().run("ffffffffffffffffffffffff",
                List.<ImportLine>of().iterator())).isInstanceOf(NotFoundException.class);
    }

    static Map<String, String> payment(String transactionId, String visitor, String amount) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("type", "payment");
        r.put("amount", amount);
        r.put("currency", "USD");
        r.put("transaction_id", transactionId);
        r.put("datafast_visitor_id", visitor);
        r.put("timestamp", START.plus(Duration.ofHours(1)).toString());
        return r;
    }
}
