package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.tracking.LineRecord.EventLine;
import dev.meridian.core.tracking.LineRecord.PaymentLine;
import dev.meridian.core.tracking.LineRecord.RobotLine;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportedLinesTest {

    static final Instant NOW = Instant.parse("2026-02-06T05:27:20.417Z");
    static final Website SITE = new Website("000000000000000000000001", "dfid_1", "example.com", null, "USD", "UTC",
            List.of(), NOW);
    static final String VISITOR = "5f026d54-3a84-4f07-9e36-e5434e665d8d";

    final ImportedLines lines = new ImportedLines(SITE, () -> NOW,
            ip -> new Location("Denver", "US-CO", "US", 39.7391, -104.9866),
            ua -> new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), ua != null && ua.contains("bot")));

    static ImportLine line(Map<String, String> fields, Map<String, String> extra) {
        return ImportLine.read(7, fields.toString() + extra, fields, extra);
    }

    static Map<String, String> pageview() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", "pageview");
        f.put("timestamp", "2026-01-10T09:00:00.000Z");
        f.put("visitorId", VISITOR.toUpperCase());
        f.put("sessionId", "s7d1406e5-7c29-4bb1-8079-9e4bf172dc84");
        f.put("href", "https://example.com/pricing?utm_source=news");
        f.put("referrer", "https://news.example/");
        f.put("ip", "203.0.113.9");
        f.put("userAgent", "Mozilla/5.0 Chrome");
        return f;
    }

    @Test
    void anEventLineIsTheEventLiveTrackingWouldStoreAtTheLinesTimestamp() {
        EventLine read = (EventLine) lines.read(line(pageview(), Map.of()));

        assertThat(read.lineNumber()).isEqualTo(7);
        assertThat(read.event().visitorId()).isEqualTo(VISITOR);
        assertThat(read.event().type()).isEqualTo(EventType.PAGEVIEW);
        assertThat(read.event().timestamp()).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
        assertThat(read.event().path()).isEqualTo("/pricing?utm_source=news");
        assertThat(read.event().referrer()).isEqualTo("https://news.example/");
        assertThat(read.event().countryCode()).isEqualTo("US");
        assertThat(read.seen().page().params().utmSource()).isEqualTo("news");
    }

    @Test
    void aRobotsLineIsARobotOnItsDay() {
        Map<String, String> f = pageview();
        f.put("userAgent", "Googlebot/2.1");

        assertThat(lines.read(line(f, Map.of()))).isEqualTo(new RobotLine(Instant.parse("2026-01-10T09:00:00Z")));
    }

    @Test
    void aPaymentLineIsThePaymentTheApiWouldStoreWithItsAliases() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", "payment");
        f.put("amount", "49.90");
        f.put("currency", "eur");
        f.put("transaction_id", "tx-1");
        f.put("visitorId", VISITOR);
        f.put("customer_email", " ada@example.com ");
        f.put("customer_name", "Ada");
        f.put("renewal", "true");
        f.put("timestamp", "2026-01-10T09:00:00.123456Z");

        Payment payment = ((PaymentLine) lines.read(line(f, Map.of()))).payment();

        assertThat(payment.amount()).isEqualTo(new BigDecimal("49.90"));
        assertThat(payment.currency()).isEqualTo("EUR");
        assertThat(payment.visitorId()).isEqualTo(VISITOR);
        assertThat(payment.email()).isEqualTo("ada@example.com");
        assertThat(payment.name()).isEqualTo("Ada");
        assertThat(payment.renewal()).isTrue();
        assertThat(payment.refunded()).isFalse();
        assertThat(payment.timestamp()).isEqualTo(Instant.parse("2026-01-10T09:00:00.123Z"));
        assertThat(payment.id()).isEqualTo(new LineIds(SITE.id()).of(payment.timestamp(), f.toString() + Map.of()));
    }

    @Test
    void theLinesOwnFieldsFollowTheirRules() {
        Map<String, String> badFlag = new LinkedHashMap<>(Map.of("type", "payment", "amount", "1", "currency", "USD",
                "transaction_id", "t", "refunded", "yes"));
        Map<String, String> badCountry = pageview();
        badCountry.put("countryCode", "usa");
        Map<String, String> badLatitude = pageview();
        badLatitude.put("latitude", "91");
        Map<String, String> hexLatitude = pageview();
        hexLatitude.put("latitude", "1".repeat(40));
        Map<String, String> nulBrowser = pageview();
        nulBrowser.put("browser", "Fire\u0000fox");

        assertThat(refusedField(badFlag)).isEqualTo("refunded");
        assertThat(refusedField(badCountry)).isEqualTo("countryCode");
        assertThat(refusedField(badLatitude)).isEqualTo("latitude");
        assertThat(refusedField(hexLatitude)).isEqualTo("latitude");
        assertThat(refusedField(nulBrowser)).isEqualTo("browser");
    }

    private String refusedField(Map<String, String> fields) {
        try {
            lines.read(line(fields, Map.of()));
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("accepted " + fields);
    }

    @Test
    void anEventLineOfTypePaymentIsAPaymentRecordNotAnEvent() {
        Map<String, String> f = pageview();
        f.put("type", "payment");

        assertThatThrownBy(() -> lines.read(line(f, Map.of()))).isInstanceOf(InvalidInputException.class)
                .hasMessage("transaction_id is required");
    }
}
