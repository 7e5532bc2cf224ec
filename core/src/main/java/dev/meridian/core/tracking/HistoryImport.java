package dev.meridian.core.tracking;

import dev.meridian.core.hashing.Sha256;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.Websites;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Imports history line by line (API.md §7). Each line is checked with the rules of live tracking; valid events
 * are stored in batches through {@link ImportSink}, and each batch changes its visitors exactly as live tracking
 * would have for the same events in timestamp order (the same {@link Observation} rules, the same
 * {@link SessionRule}). Within a batch events apply in timestamp order (ties in file order); batches apply in file
 * order, so a file sorted by time (per visitor is enough) gives exactly live tracking's states.
 *
 * <p>Idempotency: an event's id is 4 bytes of its timestamp's seconds and 8 bytes of SHA-256 of (website id, the
 * line's text): the same line imported again has the same id and timestamp, which the sink skips. Payments are
 * idempotent by transaction id. A batch's payments are recorded after its events.
 *
 * <p>A batch's events are stored in up to {@link #DEFAULT_WRITERS} parts at once, each visitor's events in one part
 * (so each visitor's events still apply in order; each part is one atomic {@link ImportSink#appendAll}, as a smaller
 * batch would be), then its payments.
 *
 * <p>Batches are written on a writer thread of the import, one at a time and in file order, while the calling
 * thread reads and checks the lines of the next batch (reading and storing overlap; at most one batch waits).
 * A batch's failure is thrown to the caller at the next batch or at the end; batches written before stay.
 */
public final class HistoryImport implements ImportHistory {

    /** Events per batch. */
    public static final int DEFAULT_BATCH_SIZE = 20_000;
    /** Concurrent {@link ImportSink#appendAll} calls a batch is split into (by visitor). */
    public static final int DEFAULT_WRITERS = 2;
    /** A batch is split only into parts of at least this many events (small batches gain nothing). */
    static final int MIN_EVENTS_PER_WRITER = 1_000;
    /** A timestamp later than this after now is refused: history is in the past. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Websites websites;
    private final ImportSink sink;
    private final ImportedPayments payments;
    private final GeoLocator geoLocator;
    private final DeviceDetector deviceDetector;
    private final Clock clock;
    private final SessionRule sessionRule;
    private final RobotTally robots;
    private final int batchSize;
    private final int writers;

    public HistoryImport(Websites websites, ImportSink sink, ImportedPayments payments, GeoLocator geoLocator,
            DeviceDetector deviceDetector, Clock clock, SessionRule sessionRule, RobotTally robots, int batchSize,
            int writers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be >= 1");
        }
        this.writers = writers;
        this.websites = websites;
        this.sink = sink;
        this.payments = payments;
        this.geoLocator = geoLocator;
        this.deviceDetector = deviceDetector;
        this.clock = clock;
        this.sessionRule = sessionRule;
        this.robots = robots;
        this.batchSize = batchSize;
    }

    @Override
    public ImportReport importHistory(String websiteId, Iterator<ImportLine> lines) {
        Website website = websites.byId(websiteId)
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        Run run = new Run(website, clock.now().plus(FUTURE_TOLERANCE));
        ExecutorService writer = Executors.newFixedThreadPool(writers, r -> {
            Thread thread = new Thread(r, "meridian-import-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            while (lines.hasNext()) {
                ImportLine line = lines.next();
                if (line.unreadable() == null && line.fields().isEmpty() && line.text().isBlank()) {
                    continue; // blank lines (a trailing newline) are no records
                }
                run.take(line);
                if (run.pendingEvents.size() >= batchSize) {
                    run.flush(writer);
                }
            }
            run.flush(writer);
            run.awaitWritten();
            return run.report();
        } finally {
            run.abandon();
            writer.shutdown();
        }
    }

    /**
     * Waits for a batch handed to the writer thread; its failure is rethrown here, as if it had been written on
     * the calling thread.
     */
    private static <T> T await(Future<T> written) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is being written; its outcome decides what the caller learns
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The events in {@code count} parts (at least one), each visitor's events in one part, in the order given. */
    static List<List<Event>> byVisitor(List<Event> events, int count) {
        int parts = Math.max(1, count);
        List<List<Event>> split = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>(events.size() / parts + 16));
        }
        for (Event event : events) {
            split.get(parts == 1 ? 0 : Math.floorMod(event.visitorId().hashCode(), parts)).add(event);
        }
        return split;
    }

    /** What writing one batch did. */
    private record Written(long eventsStored, long alreadyStored, long paymentsStored) {
    }

    /** One import: its counters and the batch being collected. */
    private final class Run {
        final Website website;
        final Instant latestAllowed;
        final MessageDigest sha256 = Sha256.newDigest();
        final List<Pending> pendingEvents = new ArrayList<>();
        /** The batch's events by id and payments; handed to the writer thread as they are, then replaced. */
        Map<String, Pending> pendingById = new HashMap<>();
        List<Payment> pendingPayments = new ArrayList<>();
        final List<ImportReport.Rejection> rejections = new ArrayList<>();
        long accepted;
        long rejected;
        long eventsStored;
        long paymentsStored;
        long alreadyStored;
        long robotCount;
        /** Pages and referrers of the lines read lately, as checked: history repeats them. */
        final Recent<PageUrl> pages = new Recent<>();
        final Recent<Optional<String>> referrers = new Recent<>();
        /** The batch the writer thread is writing, or {@code null}. */
        Future<Written> writing;

        Run(Website website, Instant latestAllowed) {
            this.website = website;
            this.latestAllowed = latestAllowed;
        }

        void take(ImportLine line) {
            if (line.unreadable() != null) {
                reject(line.number(), line.unreadable());
                return;
            }
            try {
                String type = line.fields().get("type");
                if ("payment".equals(type)) {
                    pendingPayments.add(payment(line));
                } else {
                    event(line);
                }
                accepted++;
            } catch (InvalidInputException invalid) {
                reject(line.number(), invalid.getMessage());
            }
        }

        private void reject(long number, String reason) {
            rejected++;
            if (rejections.size() < ImportReport.MAX_REJECTIONS) {
                rejections.add(new ImportReport.Rejection(number, reason));
            }
        }

        private void event(ImportLine line) {
            Map<String, String> f = line.fields();
            EventType type = EventRules.type(f.get("type"));
            if (type == EventType.PAYMENT) {
                throw new InvalidInputException("type", "type payment is a payment record: give the fields of a payment");
            }
            Instant at = timestamp(f.get("timestamp"));
            String visitorId = EventRules.visitorId("visitorId", f.get("visitorId"));
            String sessionId = EventRules.sessionId("sessionId", f.get("sessionId"));
            String href = f.get("href");
            PageUrl page = pages.get(href);
            if (page == null) {
                page = PageUrl.parse("href", href);
                pages.put(href, page);
            }
            if (!Referrers.belongsTo(website, page.host())) {
                throw new InvalidInputException("href", "href host '" + page.host() + "' is not " + website.domain()
                        + ", a subdomain of it, or an allowed hostname");
            }
            String rawReferrer = f.get("referrer");
            if (rawReferrer != null && rawReferrer.length() > PageUrl.MAX_LENGTH) {
                throw new InvalidInputException("referrer", "referrer is longer than " + PageUrl.MAX_LENGTH + " characters");
            }
            IdentifyFields identify = type == EventType.IDENTIFY ? IdentifyFields.parse("extraData", line.extraData()) : null;
            Map<String, String> extraData = identify != null
                    ? identify.asExtraData()
                    : EventTracking.extraData(type, line.extraData());
            UnaryOperator<Profile> profileChange = identify != null ? identify::applyTo : UnaryOperator.identity();
            Location location = location(f);
            SystemInfo system = resolvedSystem(f);
            String userAgent = f.get("userAgent");
            if (system == null || userAgent != null) {
                ClientDevice device = deviceDetector.detect(userAgent);
                if (device.robot()) {
                    robots.count(website.id(), at);
                    robotCount++;
                    return;
                }
                if (system == null) {
                    system = device.system();
                }
            }
            if (location == null) {
                location = geoLocator.locate(f.get("ip"));
            }
            String referrer = null;
            if (rawReferrer != null) {
                Optional<String> external = referrers.get(rawReferrer);
                if (external == null) {
                    external = Referrers.external(website, rawReferrer);
                    referrers.put(rawReferrer, external);
                }
                referrer = external.orElse(null);
            }
            String id = idOf(at, line.text());
            Event event = new Event(id, website.id(), visitorId, sessionId, type, at, page.path(), referrer,
                    location.countryCode(), extraData);
            Observation seen = new Observation(type, at, page, referrer, sessionId, location, system, profileChange);
            if (pendingById.containsKey(id)) {
                alreadyStored++; // the same line twice in one batch
                return;
            }
            Pending pending = new Pending(line.number(), event, seen);
            pendingById.put(id, pending);
            pendingEvents.add(pending);
        }

        private Payment payment(ImportLine line) {
            Map<String, String> f = line.fields();
            String transactionId = f.get("transaction_id");
            if (transactionId == null || transactionId.isBlank()) {
                throw new InvalidInputException("transaction_id", "transaction_id is required");
            }
            EventRules.boundedValue("transaction_id", transactionId);
            BigDecimal amount = amount(f.get("amount"));
            String currency = f.get("currency");
            if (currency == null || !CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
                throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD");
            }
            Instant at = f.containsKey("timestamp") ? timestamp(f.get("timestamp")) : clock.now();
            String visitor = f.getOrDefault("datafast_visitor_id", f.get("visitorId"));
            String visitorId = visitor == null ? null
                    : EventRules.visitorId(f.containsKey("datafast_visitor_id") ? "datafast_visitor_id" : "visitorId", visitor);
            String email = EventRules.boundedValue("email", f.getOrDefault("email", f.get("customer_email")));
            String name = EventRules.boundedValue("name", f.getOrDefault("name", f.get("customer_name")));
            String customerId = EventRules.boundedValue("customer_id", f.get("customer_id"));
            return new Payment(idOf(at, line.text()), website.id(), transactionId, amount,
                    currency.toUpperCase(Locale.ROOT), at, visitorId, email, name, customerId,
                    bool("renewal", f.get("renewal")), bool("refunded", f.get("refunded")));
        }

        private Instant timestamp(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("timestamp", "timestamp is required");
            }
            Instant at;
            try {
                at = IsoTimestamps.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("timestamp",
                        "timestamp must be ISO-8601 with an offset, such as 2026-02-06T05:27:20.000Z");
            }
            if (at.isAfter(latestAllowed)) {
                throw new InvalidInputException("timestamp", "timestamp " + value + " is in the future");
            }
            return at;
        }

        /**
         * Hands the batch (events in timestamp order, ties in file order, then payments) to the writer, after the
         * previous batch has been written.
         */
        void flush(ExecutorService writer) {
            if (pendingEvents.isEmpty() && pendingPayments.isEmpty()) {
                return;
            }
            awaitWritten();
            pendingEvents.sort(Comparator.comparing((Pending p) -> p.event.timestamp())
                    .thenComparingLong(p -> p.lineNumber));
            List<Event> events = new ArrayList<>(pendingEvents.size());
            for (Pending p : pendingEvents) {
                events.add(p.event);
            }
            Map<String, Pending> byId = pendingById;
            List<Payment> batchPayments = pendingPayments;
            pendingEvents.clear();
            pendingById = new HashMap<>();
            pendingPayments = new ArrayList<>();
            writing = writer.submit(() -> write(writer, events, byId, batchPayments));
        }

        /** Waits for the batch being written, if any, and counts what it stored. */
        void awaitWritten() {
            if (writing == null) {
                return;
            }
            Future<Written> batch = writing;
            writing = null;
            Written written = await(batch);
            eventsStored += written.eventsStored;
            alreadyStored += written.alreadyStored;
            paymentsStored += written.paymentsStored;
        }

        /** After a failure: lets the batch being written finish before the import returns, ignoring its outcome. */
        void abandon() {
            if (writing != null) {
                try {
                    awaitWritten();
                } catch (RuntimeException | Error ignored) {
                    // the failure already on its way to the caller is the one that counts
                }
            }
        }

        /**
         * Runs on a writer thread: the batch's events, split by visitor into up to {@code writers} parts stored at
         * once (each part one {@link ImportSink#appendAll}: its own atomic write, as a smaller batch would be), then
         * its payments.
         */
        private Written write(ExecutorService writer, List<Event> events, Map<String, Pending> byId,
                List<Payment> batchPayments) {
            long stored = 0;
            long already = 0;
            long paid = 0;
            ImportSink.ImportedVisitorUpdate update = (current, ofVisitor) -> apply(byId, current, ofVisitor);
            List<List<Event>> parts = byVisitor(events, Math.min(writers, events.size() / MIN_EVENTS_PER_WRITER));
            List<Future<List<Event>>> others = new ArrayList<>();
            for (List<Event> part : parts.subList(1, parts.size())) {
                others.add(writer.submit(() -> sink.appendAll(website.id(), part, update)));
            }
            List<Event> written = new ArrayList<>();
            RuntimeException failed = null;
            try {
                if (!parts.get(0).isEmpty()) {
                    written.addAll(sink.appendAll(website.id(), parts.get(0), update));
                }
            } catch (RuntimeException e) {
                failed = e;
            }
            for (Future<List<Event>> other : others) {
                try {
                    written.addAll(await(other)); // every part has ended before the batch's outcome is known
                } catch (RuntimeException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            stored = written.size();
            already = events.size() - written.size();
            paid = payments.recordAll(website, batchPayments);
            already += batchPayments.size() - paid;
            return new Written(stored, already, paid);
        }

        private VisitorState apply(Map<String, Pending> byId, Optional<VisitorState> current,
                List<Event> stored) {
            VisitorState state = current.orElse(null);
            for (Event event : stored) {
                Observation seen = byId.get(event.id()).seen;
                state = state == null ? seen.firstOf(event.websiteId(), event.visitorId()) : seen.applyTo(state, sessionRule);
            }
            return state;
        }

        ImportReport report() {
            return new ImportReport(accepted, rejected, eventsStored, paymentsStored, alreadyStored, robotCount,
                    rejections);
        }

        private String idOf(Instant at, String text) {
            sha256.reset();
            sha256.update(website.id().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            byte[] hash = sha256.digest(text.strip().getBytes(StandardCharsets.UTF_8));
            byte[] id = new byte[12];
            long seconds = at.getEpochSecond();
            id[0] = (byte) (seconds >>> 24);
            id[1] = (byte) (seconds >>> 16);
            id[2] = (byte) (seconds >>> 8);
            id[3] = (byte) seconds;
            System.arraycopy(hash, 0, id, 4, 8);
            return HexFormat.of().formatHex(id);
        }
    }

    private record Pending(long lineNumber, Event event, Observation seen) {
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
        return new Location(EventRules.boundedValue("city", city), EventRules.boundedValue("region", region), country,
                latitude, longitude);
    }

    /** The system the line gives itself, or {@code null} when it gives none (then its User-Agent decides). */
    private static SystemInfo resolvedSystem(Map<String, String> f) {
        String browser = f.get("browser");
        String os = f.get("os");
        String device = f.get("device");
        if (browser == null && os == null && device == null) {
            return null;
        }
        return new SystemInfo(EventRules.boundedValue("browser", browser), EventRules.boundedValue("os", os),
                EventRules.boundedValue("device", device));
    }

    private static Double coordinate(String field, String value, double bound) {
        if (value == null) {
            return null;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " must be a number");
        }
        if (!(parsed >= -bound && parsed <= bound)) {
            throw new InvalidInputException(field, field + " must be between -" + (int) bound + " and " + (int) bound);
        }
        return parsed;
    }

    private static BigDecimal amount(String value) {
        if (value == null) {
            throw new InvalidInputException("amount", "amount is required");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("amount", "amount must be a number");
        }
        if (amount.signum() < 0) {
            throw new InvalidInputException("amount", "amount must be >= 0");
        }
        return amount;
    }

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
}
