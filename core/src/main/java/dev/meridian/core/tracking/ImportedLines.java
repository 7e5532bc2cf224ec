package dev.meridian.core.tracking;

import dev.meridian.core.revenue.PaymentFields;
import dev.meridian.core.rules.TextRule;
import dev.meridian.core.rules.TimestampRule;
import dev.meridian.core.tracking.LineRecord.EventLine;
import dev.meridian.core.tracking.LineRecord.PaymentLine;
import dev.meridian.core.tracking.LineRecord.RobotLine;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an import's lines (API.md §7) as records. A line is read as the request the API would have received for it
 * (a {@link TrackCommand} for an event, a {@link PaymentCommand} for a payment) and checked by the same rules
 * ({@link TrackedFields}, {@link PaymentFields}), so a line breaking a rule is refused with the message the API would
 * give; then come the import's own fields: the event's {@code timestamp} ({@link TimestampRule}) and the location
 * and system a line may give instead of {@code ip} and {@code userAgent}. One per import: not thread-safe.
 */
final class ImportedLines {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** Longer text is no coordinate; refused before it is parsed. */
    private static final int MAX_COORDINATE_LENGTH = 32;

    private final Website website;
    private final Clock clock;
    private final GeoLocator geoLocator;
    private final DeviceDetector deviceDetector;
    private final LineIds ids;
    /**
     * Pages and referrers of the lines read lately, as checked: history repeats them. Bounded, and a value is only
     * ever what the rule gives for its text, so spellings of one URL cost entries, never wrong answers.
     */
    private final Recent<PageUrl> pages = new Recent<>();
    private final Recent<Optional<String>> referrers = new Recent<>();

    ImportedLines(Website website, Clock clock, GeoLocator geoLocator, DeviceDetector deviceDetector) {
        this.website = website;
        this.clock = clock;
        this.geoLocator = geoLocator;
        this.deviceDetector = deviceDetector;
        this.ids = new LineIds(website.id());
    }

    /** @throws InvalidInputException naming the first field of the line that breaks a rule */
    LineRecord read(ImportLine line) {
        return "payment".equals(line.fields().get("type")) ? payment(line) : event(line);
    }

    private LineRecord event(ImportLine line) {
        Map<String, String> f = line.fields();
        String userAgent = f.get("userAgent");
        TrackedFields fields = TrackedFields.of(new TrackCommand(website.trackingId(), website.domain(), f.get("href"),
                f.get("referrer"), f.get("visitorId"), f.get("sessionId"), f.get("type"), line.extraData(), false,
                f.get("ip"), userAgent), this::page);
        if (fields.type() == EventType.PAYMENT) {
            throw new InvalidInputException("type", "type payment is a payment record: give the fields of a payment");
        }
        Instant at = TimestampRule.required("timestamp", f.get("timestamp"), clock.now());
        fields.requireOwnPage(website);
        Location location = location(f);
        SystemInfo system = system(f);
        DeviceDetails details = DeviceDetails.UNKNOWN;
        if (system == null || userAgent != null) {
            ClientDevice device = deviceDetector.detect(userAgent);
            if (device.robot()) {
                return new RobotLine(at);
            }
            if (system == null) {
                system = device.system();
            }
            details = device.details();
        }
        if (location == null) {
            location = geoLocator.locate(f.get("ip"));
        }
        String referrer = null;
        if (fields.referrer() != null) {
            Optional<String> external = referrers.get(fields.referrer());
            if (external == null) {
                external = Optional.ofNullable(fields.externalReferrer(website));
                referrers.put(fields.referrer(), external);
            }
            referrer = external.orElse(null);
        }
        Event event = new Event(ids.of(at, line.text()), website.id(), fields.visitorId(), fields.sessionId(),
                fields.type(), at, fields.page().path(), referrer, location.countryCode(), fields.extraData());
        Observation seen = new Observation(fields.type(), at, fields.page(), referrer, fields.sessionId(), location,
                system, details, fields.viewport(), fields.profileChange());
        return new EventLine(line.number(), event, seen);
    }

    private PageUrl page(String href) {
        PageUrl page = href == null ? null : pages.get(href);
        if (page == null) {
            page = PageUrl.parse("href", href);
            pages.put(href, page);
        }
        return page;
    }

    private LineRecord payment(ImportLine line) {
        Map<String, String> f = line.fields();
        PaymentFields fields = PaymentFields.of(new PaymentCommand(website.id(), f.get("amount"), f.get("currency"),
                f.get("transaction_id"), f.getOrDefault("datafast_visitor_id", f.get("visitorId")),
                f.getOrDefault("email", f.get("customer_email")), f.getOrDefault("name", f.get("customer_name")),
                f.get("customer_id"), bool("renewal", f.get("renewal")), bool("refunded", f.get("refunded")),
                f.get("timestamp")), clock.now());
        return new PaymentLine(fields.toPayment(ids.of(fields.timestamp(), line.text()), website.id(),
                fields.visitorId(), fields.refunded()));
    }

    /** The location the line gives itself, or {@code null} when it gives none (then its IP decides). */
    private static Location location(Map<String, String> f) {
        String country = f.get("countryCode");
        String region = f.get("region");
        String city = f.get("city");
        Double latitude = coordinate("latitude", f.get("latitude"), 90);
        Double longitude = coordinate("longitude", f.get("longitude"), 180);
        if (country == null && region == null && city == null && latitude == null && longitude == null) {
            return null;
        }
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw new InvalidInputException("countryCode", "countryCode must be ISO 3166-1 alpha-2 in upper case, such as US");
        }
        return new Location(TextRule.line("city", city, TextRule.MAX_LENGTH),
                TextRule.line("region", region, TextRule.MAX_LENGTH), country, latitude, longitude);
    }

    /** The system the line gives itself, or {@code null} when it gives none (then its User-Agent decides). */
    private static SystemInfo system(Map<String, String> f) {
        String browser = f.get("browser");
        String os = f.get("os");
        String device = f.get("device");
        if (browser == null && os == null && device == null) {
            return null;
        }
        return new SystemInfo(TextRule.line("browser", browser, TextRule.MAX_LENGTH),
                TextRule.line("os", os, TextRule.MAX_LENGTH), TextRule.line("device", device, TextRule.MAX_LENGTH));
    }

    private static Double coordinate(String field, String value, double bound) {
        if (value == null) {
            return null;
        }
        double parsed;
        try {
            if (value.length() > MAX_COORDINATE_LENGTH) {
                throw new NumberFormatException();
            }
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " must be a number");
        }
        if (!(parsed >= -bound && parsed <= bound)) {
            throw new InvalidInputException(field, field + " must be between -" + (int) bound + " and " + (int) bound);
        }
        return parsed;
    }

    /** A line's boolean: JSON {@code true}/{@code false}, which the line hands over as text. */
    private static boolean bool(String field, String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(field, field + " must be true or false");
        };
    }

    /** The last few thousand distinct values of a field and what they gave, least recently used out first. */
    private static final class Recent<V> extends LinkedHashMap<String, V> {

        private static final int SIZE = 4_096;

        Recent() {
            super(256, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > SIZE;
        }
    }
}
