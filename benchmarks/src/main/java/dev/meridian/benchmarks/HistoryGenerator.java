package dev.meridian.benchmarks;

import dev.meridian.ports.model.VisitorDimensions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Realistic synthetic history as import NDJSON (API.md §7), deterministic by seed and end date: visitors of
 * {@link SyntheticTraffic} (correlated device, OS, browser; countries; referrers; a known conversion probability),
 * each with one to several sessions of several pageviews, campaign parameters on landing pages, goals, identify
 * calls and payments. Lines come in timestamp order, so an import gives the visitor states live tracking would.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.meridian.benchmarks.HistoryGenerator \
 *     --days 90 --visitors-per-day 5000 --seed 1 --website-domain example.com [--end 2026-11-27] \
 *     [--conversion-rate 0.03] [--average-amount 60] [--currency USD] &gt; history.ndjson
 * </pre>
 *
 * <p>{@code --active N} writes instead one pageview each of N new visitors within the last minute before now
 * (visitors on the realtime map, for its latency benchmark).
 */
public final class HistoryGenerator {

    private static final String[] PAGES = {"/", "/pricing", "/docs", "/docs/getting-started", "/blog",
        "/blog/launch", "/features", "/about", "/signup", "/changelog"};
    private static final String[] GOALS = {"signup", "newsletter_subscribe", "download", "demo_request"};
    /** One city per large country: region (ISO 3166-2), latitude, longitude. */
    private static final Map<String, Object[]> CITIES = Map.ofEntries(
            Map.entry("US", new Object[] {"San Francisco", "US-CA", 37.7749, -122.4194}),
            Map.entry("GB", new Object[] {"London", "GB-ENG", 51.5072, -0.1276}),
            Map.entry("DE", new Object[] {"Berlin", "DE-BE", 52.5200, 13.4050}),
            Map.entry("IN", new Object[] {"Bengaluru", "IN-KA", 12.9716, 77.5946}),
            Map.entry("FR", new Object[] {"Paris", "FR-IDF", 48.8566, 2.3522}),
            Map.entry("CA", new Object[] {"Toronto", "CA-ON", 43.6532, -79.3832}),
            Map.entry("BR", new Object[] {"São Paulo", "BR-SP", -23.5558, -46.6396}),
            Map.entry("NL", new Object[] {"Amsterdam", "NL-NH", 52.3676, 4.9041}),
            Map.entry("AU", new Object[] {"Sydney", "AU-NSW", -33.8688, 151.2093}),
            Map.entry("ES", new Object[] {"Madrid", "ES-MD", 40.4168, -3.7038}),
            Map.entry("JP", new Object[] {"Tokyo", "JP-13", 35.6762, 139.6503}));

    /** Options; see the class comment. */
    record Settings(int days, int visitorsPerDay, long seed, String domain, LocalDate end, Double conversionRate,
            double averageAmount, String currency, int active) {

        Settings(int days, int visitorsPerDay, long seed, String domain, LocalDate end, Double conversionRate,
                double averageAmount, String currency) {
            this(days, visitorsPerDay, seed, domain, end, conversionRate, averageAmount, currency, 0);
        }
    }

    private record Line(Instant at, long order, String json) {
    }

    private final Settings settings;
    private final Random random;
    private final SyntheticTraffic traffic;
    private final double conversionFactor;
    private final PriorityQueue<Line> pending = new PriorityQueue<>(
            (a, b) -> a.at.equals(b.at) ? Long.compare(a.order, b.order) : a.at.compareTo(b.at));
    private long order;
    private long visitorNumber;

    HistoryGenerator(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed() * 31 + 7);
        this.traffic = new SyntheticTraffic(settings.seed());
        this.conversionFactor = settings.conversionRate() == null ? 1.0
                : settings.conversionRate() / averageProbability(settings.seed());
    }

    /** The mean true conversion probability of the traffic model, from a sample of its own. */
    private static double averageProbability(long seed) {
        SyntheticTraffic sample = new SyntheticTraffic(seed);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sum += sample.next(Instant.EPOCH).trueProbability();
        }
        return sum / n;
    }

    /** {@code count} visitors with one pageview each in the minute before {@code now}, oldest first. */
    long writeActive(Writer out, int count, Instant now) throws IOException {
        for (int i = 0; i < count; i++) {
            Instant at = now.minusMillis(60_000L * (count - i) / count);
            SyntheticTraffic.Visitor v = traffic.next(at);
            event("pageview", at, uuid(), "s" + uuid(), landingPage(referrerUrl(v.dimensions().referrer())),
                    referrerUrl(v.dimensions().referrer()), v.dimensions(), null);
        }
        long lines = 0;
        while (!pending.isEmpty()) {
            out.write(pending.poll().json);
            out.write('\n');
            lines++;
        }
        return lines;
    }

    /** Writes every line, oldest first; returns the number of lines. */
    long writeTo(Writer out) throws IOException {
        Instant end = settings.end().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant start = end.minus(Duration.ofDays(settings.days()));
        long lines = 0;
        for (int day = 0; day < settings.days(); day++) {
            Instant dayStart = start.plus(Duration.ofDays(day));
            for (int i = 0; i < settings.visitorsPerDay(); i++) {
                // visits peak in the afternoon (UTC): a triangular draw over the day
                double u = (random.nextDouble() + random.nextDouble()) / 2;
                visitor(dayStart.plusMillis((long) (u * Duration.ofDays(1).toMillis())), end);
            }
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            while (!pending.isEmpty() && pending.peek().at.isBefore(dayEnd)) {
                out.write(pending.poll().json);
                out.write('\n');
                lines++;
            }
        }
        return lines;
    }

    /** One visitor's whole history from its first pageview at {@code first}; nothing at or after {@code end}. */
    private void visitor(Instant first, Instant end) {
        SyntheticTraffic.Visitor v = traffic.next(first);
        VisitorDimensions dims = v.dimensions();
        String visitorId = uuid();
        boolean converts = random.nextDouble() < Math.min(0.95, v.trueProbability() * conversionFactor);
        int sessions = 1 + geometric(0.55, 5);
        int payingSession = converts ? random.nextInt(sessions) : -1;
        Instant at = first;
        visitorNumber++;
        for (int s = 0; s < sessions && at.isBefore(end); s++) {
            String sessionId = "s" + uuid();
            boolean landing = true;
            String referrer = s == 0 ? referrerUrl(dims.referrer()) : (random.nextDouble() < 0.7 ? null
                    : referrerUrl(dims.referrer()));
            int pageviews = 1 + geometric(0.35, 11);
            for (int p = 0; p < pageviews && at.isBefore(end); p++) {
                String page = landing ? landingPage(referrer) : PAGES[random.nextInt(PAGES.length)];
                event("pageview", at, visitorId, sessionId, page, landing ? referrer : null, dims, null);
                landing = false;
                if (random.nextDouble() < (converts ? 0.25 : 0.04)) {
                    at = at.plusSeconds(2 + random.nextInt(20));
                    event("custom", at, visitorId, sessionId, page, null, dims,
                            "{\"eventName\":\"" + GOALS[random.nextInt(GOALS.length)] + "\"}");
                }
                at = at.plusSeconds(5 + (long) (random.nextDouble() * random.nextDouble() * 300));
            }
            if (s == payingSession && at.isBefore(end)) {
                if (random.nextDouble() < 0.6) {
                    event("identify", at, visitorId, sessionId, "/signup", null, dims,
                            "{\"user_id\":\"u" + visitorNumber + "\",\"name\":\"Customer " + visitorNumber + "\"}");
                }
                at = at.plusSeconds(30 + random.nextInt(120));
                if (at.isBefore(end)) {
                    payment(at, visitorId);
                }
            }
            // the next visit: hours to two weeks later
            at = at.plus(Duration.ofMinutes(45 + (long) (random.nextDouble() * random.nextDouble() * 20_000)));
        }
    }

    private void event(String type, Instant at, String visitorId, String sessionId, String page, String referrer,
            VisitorDimensions dims, String extraData) {
        StringBuilder j = new StringBuilder(420);
        j.append("{\"type\":\"").append(type).append("\",\"timestamp\":\"").append(at)
                .append("\",\"visitorId\":\"").append(visitorId).append("\",\"sessionId\":\"").append(sessionId)
                .append("\",\"href\":\"https://").append(settings.domain()).append(page).append('"');
        if (referrer != null) {
            j.append(",\"referrer\":\"").append(referrer).append('"');
        }
        if (dims.country() != null) {
            j.append(",\"countryCode\":\"").append(dims.country()).append('"');
            Object[] city = CITIES.get(dims.country());
            if (city != null) {
                j.append(",\"city\":\"").append(city[0]).append("\",\"region\":\"").append(city[1])
                        .append("\",\"latitude\":").append(String.format(Locale.ROOT, "%.4f", (double) city[2]))
                        .append(",\"longitude\":").append(String.format(Locale.ROOT, "%.4f", (double) city[3]));
            }
        }
        j.append(",\"browser\":\"").append(dims.browser()).append("\",\"os\":\"").append(dims.os())
                .append("\",\"device\":\"").append(dims.device()).append('"');
        if (extraData != null) {
            j.append(",\"extraData\":").append(extraData);
        }
        j.append('}');
        pending.add(new Line(at, order++, j.toString()));
    }

    private void payment(Instant at, String visitorId) {
        double amount = Math.round(Math.exp(Math.log(settings.averageAmount()) - 0.18 + random.nextGaussian() * 0.6)
                * 100) / 100.0;
        String json = "{\"type\":\"payment\",\"timestamp\":\"" + at + "\",\"amount\":"
                + String.format(Locale.ROOT, "%.2f", amount) + ",\"currency\":\"" + settings.currency()
                + "\",\"transaction_id\":\"tx_" + settings.seed() + "_" + visitorNumber
                + "\",\"datafast_visitor_id\":\"" + visitorId + "\",\"email\":\"customer" + visitorNumber
                + "@example.org\"}";
        pending.add(new Line(at, order++, json));
    }

    /** A referrer URL for a dimension value; {@code null} for direct traffic. */
    private String referrerUrl(String host) {
        if (host == null || host.equals(VisitorDimensions.DIRECT)) {
            return null;
        }
        return switch (host) {
            case "google.com" -> "https://www.google.com/";
            case "x.com" -> "https://t.co/" + Integer.toString(random.nextInt(1 << 20), 36);
            default -> "https://" + host + "/";
        };
    }

    /** Landing pages carry campaign parameters: paid search, social campaigns, newsletters. */
    private String landingPage(String referrer) {
        String page = PAGES[random.nextInt(4)];
        double u = random.nextDouble();
        if (referrer != null && referrer.contains("google") && u < 0.3) {
            return page + "?utm_source=google&utm_medium=cpc&utm_campaign=brand";
        }
        if (referrer != null && (referrer.contains("facebook") || referrer.contains("t.co")
                || referrer.contains("instagram") || referrer.contains("linkedin")) && u < 0.5) {
            return page + "?utm_source=social&utm_medium=paid&utm_campaign=launch&utm_content=v" + random.nextInt(3);
        }
        if (referrer == null && u < 0.15) {
            return page + "?utm_source=newsletter&utm_medium=email&utm_campaign=weekly";
        }
        if (u > 0.97) {
            return page + "?ref=producthunt";
        }
        return page;
    }

    private int geometric(double continueProbability, int max) {
        int n = 0;
        while (n < max && random.nextDouble() < continueProbability) {
            n++;
        }
        return n;
    }

    private String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return String.format("%08x-%04x-%04x-%04x-%012x", high >>> 32, (high >>> 16) & 0xFFFF, high & 0xFFFF,
                low >>> 48, low & 0xFFFFFFFFFFFFL);
    }

    static Settings parse(String[] args) {
        int days = 90;
        int perDay = 5000;
        long seed = 1;
        String domain = "example.com";
        LocalDate end = LocalDate.now(ZoneOffset.UTC);
        Double rate = null;
        double amount = 60;
        String currency = "USD";
        int active = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(value);
                case "--visitors-per-day" -> perDay = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--website-domain" -> domain = value;
                case "--end" -> end = LocalDate.parse(value);
                case "--conversion-rate" -> rate = Double.parseDouble(value);
                case "--average-amount" -> amount = Double.parseDouble(value);
                case "--currency" -> currency = value;
                case "--active" -> active = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --days N "
                        + "--visitors-per-day N --seed N --website-domain D --end YYYY-MM-DD --conversion-rate R "
                        + "--average-amount A --currency ISO --active N");
            }
            i++;
        }
        return new Settings(days, perDay, seed, domain, end, rate, amount, currency, active);
    }

    public static void main(String[] args) throws IOException {
        Settings settings = parse(args);
        long started = System.nanoTime();
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        long lines;
        try {
            HistoryGenerator generator = new HistoryGenerator(settings);
            lines = settings.active() > 0 ? generator.writeActive(out, settings.active(), Instant.now())
                    : generator.writeTo(out);
            out.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        System.err.printf(Locale.ROOT, "%d lines (%d days x %d visitors/day, seed %d, end %s) in %.1f s%n", lines,
                settings.days(), settings.visitorsPerDay(), settings.seed(), settings.end(),
                (System.nanoTime() - started) / 1e9);
    }

    /** For tests: all lines of a small history. */
    static List<String> lines(Settings settings) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            new HistoryGenerator(settings).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>(List.of(out.toString().split("\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }
}
