package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * One rule per field (API.md §8): any generated record, valid or not, gets the same answer through the API's use case
 * as through one NDJSON line of the import (as the HTTP adapter hands a line to it): accepted by both or refused by
 * both with the same message, and when accepted the same event, payment and visitor stored.
 *
 * <p>Fields only one path has are held fixed: an event's {@code timestamp} (the API stamps events itself) is always
 * valid; payments name a visitor known on the website or none (the import keeps a payment's visitor id as given,
 * since a history file may name a visitor whose events come later; the API attributes only to a known visitor).
 */
class ApiImportParityTest {

    static final Instant NOW = Instant.parse("2026-02-06T05:27:20.417Z");
    static final String KNOWN = "5f026d54-3a84-4f07-9e36-e5434e665d8d";
    static final String KNOWN_SESSION = "s7d1406e5-7c29-4bb1-8079-9e4bf172dc84";
    static final String UA = "Mozilla/5.0 (Macintosh) Chrome/120";
    static final String NUL = "\u0000";

    /** A Meridian over its own in-memory store, fixed clock and enrichment, with the known visitor's pageview. */
    static final class Side implements AutoCloseable {
        final InMemoryStore store = new InMemoryStore();
        final Meridian meridian = Meridian.builder().storage(store).clock(() -> NOW)
                .geoLocator(ip -> new Location("Denver", "US-CO", "US", 39.7391, -104.9866))
                .deviceDetector(ua -> new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false))
                .build();
        final Website website = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));

        Side() {
            meridian.trackEvent().track(new TrackCommand(website.trackingId(), "example.com", "https://example.com/",
                    null, KNOWN, KNOWN_SESSION, "pageview", Map.of(), false, "203.0.113.9", UA));
        }

        /** The answer: empty when accepted, else the message. */
        Optional<String> api(Map<String, String> record, Map<String, String> extra) {
            try {
                if ("payment".equals(record.get("type"))) {
                    meridian.recordPayment().record(new PaymentCommand(website.id(), record.get("amount"),
                            record.get("currency"), record.get("transaction_id"), record.get("datafast_visitor_id"),
                            record.get("email"), record.get("name"), record.get("customer_id"),
                            "true".equals(record.get("renewal")), "true".equals(record.get("refunded")),
                            record.get("timestamp")));
                } else {
                    meridian.trackEvent().track(new TrackCommand(website.trackingId(), "example.com",
                            record.get("href"), record.get("referrer"), record.get("visitorId"),
                            record.get("sessionId"), record.get("type"), extra, false, record.get("ip"),
                            record.get("userAgent")));
                }
                return Optional.empty();
            } catch (InvalidInputException refused) {
                return Optional.of(refused.getMessage());
            }
        }

        Optional<String> importLine(Map<String, String> record, Map<String, String> extra) {
            Map<String, String> fields = new LinkedHashMap<>(record);
            fields.values().removeIf(v -> v == null); // as NdjsonLines leaves out null members
            ImportLine line = ImportLine.read(1, json(fields, extra), fields, extra);
            ImportReport report = meridian.importHistory().run(website.id(), List.of(line).iterator());
            return report.rejections().isEmpty() ? Optional.empty() : Optional.of(report.rejections().get(0).reason());
        }

        List<Event> events() {
            return store.eventLog().recentEvents(website.id(), Instant.EPOCH, 100);
        }

        List<Payment> payments() {
            return store.payments().recentPayments(website.id(), Instant.EPOCH, 100);
        }

        @Override
        public void close() {
            meridian.close();
        }
    }

    @Property(tries = 1500)
    void anyRecordGetsTheSameAnswerAndTheSameStoredValuesThroughTheApiAndTheImport(
            @ForAll("records") Map<String, String> record, @ForAll("extras") Map<String, String> extra) {
        Map<String, String> extraData = "payment".equals(record.get("type")) ? Map.of() : extra;
        try (Side api = new Side(); Side imported = new Side()) {
            Optional<String> viaApi = api.api(record, extraData);
            Optional<String> viaImport = imported.importLine(record, extraData);
            Statistics.label("answer").collect(viaApi.isPresent() ? "refused" : "accepted",
                    "payment".equals(record.get("type")) ? "payment" : "event");
            Statistics.label("answer").coverage(checker -> {
                // both answers are common for both kinds of record, or the property would prove little
                checker.check("accepted", "event").count(n -> n >= 20);
                checker.check("refused", "event").count(n -> n >= 20);
                checker.check("accepted", "payment").count(n -> n >= 20);
                checker.check("refused", "payment").count(n -> n >= 20);
            });

            assertThat(viaImport).as("import answer of %s %s", record, extraData).isEqualTo(viaApi);
            assertThat(comparable(imported.events())).containsExactlyInAnyOrderElementsOf(comparable(api.events()));
            assertThat(comparablePayments(imported.payments())).isEqualTo(comparablePayments(api.payments()));
            for (Event e : api.events()) {
                VisitorState v = api.store.visitors().find(api.website.id(), e.visitorId()).orElseThrow();
                assertThat(imported.store.visitors().find(imported.website.id(), e.visitorId())).get()
                        .usingRecursiveComparison().ignoringFields("websiteId").isEqualTo(v);
            }
        }
    }

    private static List<List<Object>> comparable(List<Event> events) {
        List<List<Object>> rows = new ArrayList<>();
        for (Event e : events) {
            rows.add(List.of(e.visitorId(), String.valueOf(e.sessionId()), e.type(), e.timestamp(), e.path(),
                    String.valueOf(e.referrer()), String.valueOf(e.countryCode()), e.extraData()));
        }
        return rows;
    }

    private static List<List<Object>> comparablePayments(List<Payment> payments) {
        List<List<Object>> rows = new ArrayList<>();
        for (Payment p : payments) {
            rows.add(java.util.Arrays.asList(p.transactionId(), p.amount(), p.currency(), p.timestamp(), p.visitorId(),
                    p.email(), p.name(), p.customerId(), p.renewal(), p.refunded()));
        }
        return rows;
    }

    // ------------------------------------------------------------------ generated records

    @Provide
    Arbitrary<Map<String, String>> records() {
        return Arbitraries.oneOf(events(), payments());
    }

    private Arbitrary<Map<String, String>> events() {
        Arbitrary<String> type = mostly(Arbitraries.of("pageview", "custom", "identify", "external_link"),
                Arbitraries.of("click", "", "PAGEVIEW", "pageview" + NUL));
        Arbitrary<String> href = mostly(Arbitraries.of("https://example.com/pricing?utm_source=news&utm_medium=email",
                        "https://www.example.com/?utm_campaign=a%20b", "https://example.com/?utm_source=%00x",
                        "https://example.com/?utm_term=%E2%82%AC&ref=%0D%0A", "https://example.com/?utm_source=%zz",
                        "HTTPS://EXAMPLE.COM/Up"),
                Arbitraries.of("javascript:alert(1)", "https://evil.example/", "https://example.com/" + NUL,
                        "ftp://example.com/", "", "https://example.com/" + "a".repeat(2100)));
        Arbitrary<String> referrer = mostly(Arbitraries.of("https://news.example/a", "javascript:alert(1)",
                        "javascript://news.example/%0Aalert(1)", "https://example.com/self", "not a url", "",
                        "data:text/html,x").injectNull(0.3),
                Arbitraries.of("https://x.example/" + NUL, "https://x.example/\u0007",
                        "https://x.example/" + "r".repeat(2100)));
        Arbitrary<String> visitor = mostly(Arbitraries.of(KNOWN, KNOWN.toUpperCase(Locale.ROOT),
                        "b971cbbf-7ce2-4925-902b-8f95a5fb3449"),
                Arbitraries.of("not-a-uuid", "b971cbbf-7ce2-1925-902b-8f95a5fb3449", KNOWN + NUL, "").injectNull(0.1));
        Arbitrary<String> session = mostly(Arbitraries.of(KNOWN_SESSION, "s0c3b9b0e-3a4e-4d8e-9a0e-1b2c3d4e5f60"),
                Arbitraries.of(KNOWN, "s" + NUL, "").injectNull(0.1));
        Arbitrary<String> userAgent = mostly(Arbitraries.of(UA).injectNull(0.1), Arbitraries.of("UA" + NUL, "U\tA"));
        return Combinators.combine(type, href, referrer, visitor, session, userAgent).as((t, h, r, v, s, ua) -> {
            Map<String, String> record = new LinkedHashMap<>();
            record.put("type", t);
            record.put("timestamp", NOW.toString());
            record.put("visitorId", v);
            record.put("sessionId", s);
            record.put("href", h);
            record.put("referrer", r);
            record.put("ip", "203.0.113.9");
            record.put("userAgent", ua);
            return record;
        });
    }

    private Arbitrary<Map<String, String>> payments() {
        Arbitrary<String> amount = mostly(Arbitraries.of("49.99", "49.90", "0", "999999999999.99999999", " 12.5 "),
                Arbitraries.of("1E-500000000", "1e3", "-5", "1000000000000", "NaN", "Infinity", "", "0.123456789",
                        "0x10", "1" + NUL).injectNull(0.1));
        Arbitrary<String> currency = mostly(Arbitraries.of("USD", "eur", " GBP "),
                Arbitraries.of("ABC", "US", "uſd", "U" + NUL + "D", "").injectNull(0.1));
        Arbitrary<String> transaction = mostly(Arbitraries.of("tx-1", "tx-2", "12345678901234567890"),
                Arbitraries.of("", " ", "tx" + NUL, "t".repeat(256)).injectNull(0.1));
        Arbitrary<String> visitor = mostly(Arbitraries.of(KNOWN, KNOWN.toUpperCase(Locale.ROOT), "").injectNull(0.4),
                Arbitraries.of("not-a-uuid", KNOWN + NUL));
        Arbitrary<String> email = mostly(Arbitraries.of("ada@example.com", " ada@example.com ", "", "   ")
                .injectNull(0.4), Arbitraries.of("a" + NUL + "@example.com", "a\t@example.com", "e".repeat(256)));
        Arbitrary<String> name = mostly(Arbitraries.of("Ada", " Ada ", " ", "A\tda").injectNull(0.4),
                Arbitraries.of("A\nda", "\uD800"));
        Arbitrary<String> customer = mostly(Arbitraries.of("cus_1", "").injectNull(0.5), Arbitraries.of("c" + NUL));
        Arbitrary<String> flag = Arbitraries.of("true", "false").injectNull(0.6);
        Arbitrary<String> timestamp = mostly(Arbitraries.of("2026-01-01T00:00:00Z", "2026-02-06T06:27:20.417+01:00",
                        NOW.plusSeconds(86_400).toString()).injectNull(0.3),
                Arbitraries.of("1900-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "yesterday", "2026-02-06T05:27:20"));
        return Combinators.combine(amount, currency, transaction, visitor, email, name, customer, timestamp)
                .as((a, c, tx, v, e, n, cu, ts) -> {
                    Map<String, String> record = new LinkedHashMap<>();
                    record.put("type", "payment");
                    record.put("amount", a);
                    record.put("currency", c);
                    record.put("transaction_id", tx);
                    record.put("datafast_visitor_id", v);
                    record.put("email", e);
                    record.put("name", n);
                    record.put("customer_id", cu);
                    record.put("timestamp", ts);
                    return record;
                }).flatMap(record -> Combinators.combine(flag, flag).as((renewal, refunded) -> {
                    Map<String, String> withFlags = new LinkedHashMap<>(record);
                    withFlags.put("renewal", renewal);
                    withFlags.put("refunded", refunded);
                    return withFlags;
                }));
    }

    /** A field's value: valid seven times in eight. */
    private static Arbitrary<String> mostly(Arbitrary<String> valid, Arbitrary<String> invalid) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(7, valid), net.jqwik.api.Tuple.of(1, invalid));
    }

    /** Extra data of any event type: a goal's name and params, identify fields, a link's url and text. */
    @Provide
    Arbitrary<Map<String, String>> extras() {
        Arbitrary<String> key = mostly(Arbitraries.of("eventName", "plan", "note", "user_id", "name", "image", "url",
                "text", "email"), Arbitraries.of("Bad Key!", "k" + NUL, "x".repeat(70)));
        Arbitrary<String> value = mostly(Arbitraries.of("signup", "Sign Up", "pro", "a\tb", "u-42", "Ada",
                        "https://cdn.example/a.png", "https://github.com/", "\uD83D\uDE00", ""),
                Arbitraries.of("a\nb", "javascript:alert(1)", "payment", "bad name!", "v" + NUL, "\uDE00",
                        "v".repeat(256)));
        return Combinators.combine(key, value).as(Map::entry).list().ofMaxSize(4).map(entries -> {
            Map<String, String> extra = new LinkedHashMap<>();
            entries.forEach(e -> extra.put(e.getKey(), e.getValue()));
            return extra;
        });
    }

    /** The line's text as NDJSON (its id is derived from it). */
    static String json(Map<String, String> fields, Map<String, String> extra) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(quoted(k)).append(':').append(quoted(v)).append(','));
        out.append("\"extraData\":{");
        List<String> members = new ArrayList<>();
        extra.forEach((k, v) -> members.add(quoted(k) + ":" + quoted(v)));
        return out.append(String.join(",", members)).append("}}").toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
