package dev.meridian.benchmarks;

import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Visitors whose true conversion probability is known: a logistic model over the five dimensions with two
 * interaction terms, on correlated dimensions (device drives the OS, the OS drives the browser, the OS shifts the
 * country). Everything follows from the seed.
 */
final class SyntheticTraffic {

    /** One generated visitor: its first pageview, dimensions, true probability, outcome and revenue. */
    record Visitor(Instant firstSeen, VisitorDimensions dimensions, double trueProbability, boolean converted,
            double revenue) {
    }

    private static final double INTERCEPT = -4.3;
    /** Mobile visitors from social networks buy more than device and referrer say apart. */
    private static final double MOBILE_SOCIAL = 0.9;
    /** Mac users in the US buy more than OS and country say apart. */
    private static final double MAC_IN_US = 0.6;

    private final Random random;
    private final Categorical device;
    private final Map<String, Categorical> osByDevice = new LinkedHashMap<>();
    private final Map<String, Categorical> browserByOs = new LinkedHashMap<>();
    private final Categorical country;
    private final Categorical referrer;
    private final Map<String, Double> effects = new HashMap<>();
    private final Map<String, Double> countryValue = new HashMap<>();

    SyntheticTraffic(long seed) {
        this.random = new Random(seed);
        device = new Categorical(new String[] {"desktop", "mobile", "tablet"}, new double[] {55, 38, 7});
        osByDevice.put("desktop", new Categorical(
                new String[] {"Windows", "Mac OS", "Linux", "Chrome OS"}, new double[] {62, 28, 6, 4}));
        osByDevice.put("mobile", new Categorical(new String[] {"Android", "iOS"}, new double[] {55, 45}));
        osByDevice.put("tablet", new Categorical(new String[] {"iPadOS", "Android"}, new double[] {65, 35}));
        browserByOs.put("Windows", new Categorical(
                new String[] {"Chrome", "Edge", "Firefox", "Opera"}, new double[] {65, 22, 10, 3}));
        browserByOs.put("Mac OS", new Categorical(
                new String[] {"Safari", "Chrome", "Firefox"}, new double[] {45, 45, 10}));
        browserByOs.put("Linux", new Categorical(new String[] {"Firefox", "Chrome"}, new double[] {50, 50}));
        browserByOs.put("Chrome OS", new Categorical(new String[] {"Chrome"}, new double[] {1}));
        browserByOs.put("Android", new Categorical(
                new String[] {"Chrome Mobile", "Samsung Internet", "Firefox Mobile"}, new double[] {75, 20, 5}));
        browserByOs.put("iOS", new Categorical(
                new String[] {"Mobile Safari", "Chrome Mobile iOS"}, new double[] {80, 20}));
        browserByOs.put("iPadOS", new Categorical(
                new String[] {"Mobile Safari", "Chrome Mobile iOS"}, new double[] {85, 15}));

        String[] countries = {"US", "GB", "DE", "IN", "FR", "CA", "BR", "NL", "AU", "ES", "IT", "PL", "SE", "JP",
                "MX", "TR", "ID", "NG", "PH", "VN", "ZA", "AR", "CH", "BE", "AT", "PT", "IE", "NO", "DK", "FI", "CZ",
                "RO", "KR", "SG", "NZ", "IL", "UA", "EG", "PK", "BD"};
        country = new Categorical(countries, zipf(countries.length, 1.1));
        List<String> referrers = new ArrayList<>(List.of("(direct)", "google.com", "x.com", "facebook.com",
                "news.ycombinator.com", "reddit.com", "bing.com", "linkedin.com", "instagram.com", "duckduckgo.com"));
        for (int i = 0; referrers.size() < 300; i++) {
            referrers.add("site" + i + ".example");
        }
        double[] referrerWeights = zipf(referrers.size(), 1.2);
        referrerWeights[0] *= 3; // direct traffic is the largest single source
        referrer = new Categorical(referrers.toArray(String[]::new), referrerWeights);

        // the hidden truth: one log-odds effect per value, the OS and the referrer the strongest
        put("device", device.values, 0.35);
        for (String os : List.of("Windows", "Mac OS", "Linux", "Chrome OS", "Android", "iOS", "iPadOS")) {
            effects.put("os=" + os, random.nextGaussian() * 0.5);
        }
        for (Categorical browsers : browserByOs.values()) {
            for (String b : browsers.values) {
                effects.computeIfAbsent("browser=" + b, k -> random.nextGaussian() * 0.25);
            }
        }
        put("country", countries, 0.45);
        put("referrer", referrers.toArray(String[]::new), 0.6);
        for (String c : countries) {
            countryValue.put(c, Math.log(60) + random.nextGaussian() * 0.4);
        }
    }

    private void put(String dimension, String[] values, double sd) {
        for (String v : values) {
            effects.put(dimension + "=" + v, random.nextGaussian() * sd);
        }
    }

    /** {@code perDay} visitors a day for {@code days} days up to {@code end} (exclusive), oldest first. */
    List<Visitor> days(Instant end, int days, int perDay) {
        List<Visitor> visitors = new ArrayList<>(days * perDay);
        Instant start = end.minus(Duration.ofDays(days));
        long span = Duration.ofDays(days).toMillis();
        for (int i = 0; i < days * perDay; i++) {
            visitors.add(next(start.plusMillis((long) i * span / ((long) days * perDay))));
        }
        return visitors;
    }

    /** One more visitor whose first pageview is at {@code firstSeen}. */
    Visitor next(Instant firstSeen) {
        String d = device.draw(random);
        String os = osByDevice.get(d).draw(random);
        String browser = browserByOs.get(os).draw(random);
        String c = random.nextDouble() < 0.03 ? null : country.draw(random);
        if (c != null && (os.equals("Mac OS") || os.equals("iOS")) && random.nextDouble() < 0.25) {
            c = "US"; // Apple devices lean to the US
        }
        String r = referrer.draw(random);
        double logit = INTERCEPT + effects.get("device=" + d) + effects.get("os=" + os)
                + effects.get("browser=" + browser) + (c == null ? 0 : effects.get("country=" + c))
                + effects.get("referrer=" + r);
        if (d.equals("mobile") && (r.equals("x.com") || r.equals("facebook.com") || r.equals("instagram.com"))) {
            logit += MOBILE_SOCIAL;
        }
        if (os.equals("Mac OS") && "US".equals(c)) {
            logit += MAC_IN_US;
        }
        double p = 1 / (1 + Math.exp(-logit));
        boolean converted = random.nextDouble() < p;
        double revenue = 0;
        if (converted) {
            double mean = c == null ? Math.log(60) : countryValue.get(c);
            revenue = Math.round(Math.exp(mean + random.nextGaussian() * 0.6) * 100) / 100.0;
        }
        return new Visitor(firstSeen, new VisitorDimensions(d, os, browser, c, r), p, converted, revenue);
    }

    /** The visitors as the store hands them to the model: one row per distinct 5-tuple. */
    static List<SegmentCount> segments(List<Visitor> visitors) {
        Map<VisitorDimensions, double[]> sums = new LinkedHashMap<>();
        for (Visitor v : visitors) {
            double[] s = sums.computeIfAbsent(v.dimensions(), k -> new double[3]);
            s[0]++;
            if (v.converted()) {
                s[1]++;
                s[2] += v.revenue();
            }
        }
        List<SegmentCount> rows = new ArrayList<>(sums.size());
        sums.forEach((dims, s) -> rows.add(new SegmentCount(dims, (long) s[0], (long) s[1], s[2])));
        return rows;
    }

    /**
     * {@code rows} distinct segment rows over {@code valuesPerDimension} values on each dimension, every value
     * frequent enough to be a feature: the fitting benchmark's input (100,000 rows, 5 × 100 = 500 features).
     */
    static List<SegmentCount> wideSegments(int rows, int valuesPerDimension, long seed) {
        Random random = new Random(seed);
        double[][] effect = new double[5][valuesPerDimension];
        for (double[] e : effect) {
            for (int i = 0; i < e.length; i++) {
                e[i] = random.nextGaussian() * 0.5;
            }
        }
        Map<VisitorDimensions, Boolean> seen = new HashMap<>();
        List<SegmentCount> segments = new ArrayList<>(rows);
        while (segments.size() < rows) {
            int[] x = new int[5];
            double logit = -4;
            for (int d = 0; d < 5; d++) {
                x[d] = random.nextInt(valuesPerDimension);
                logit += effect[d][x[d]];
            }
            VisitorDimensions dims = wideVisitor(x);
            if (seen.putIfAbsent(dims, Boolean.TRUE) != null) {
                continue;
            }
            long visitors = 1 + random.nextInt(30);
            double p = 1 / (1 + Math.exp(-logit));
            long converters = 0;
            for (int i = 0; i < visitors; i++) {
                if (random.nextDouble() < p) {
                    converters++;
                }
            }
            segments.add(new SegmentCount(dims, visitors, converters, converters * 49.0));
        }
        return segments;
    }

    /** The visitor with value index {@code x[d]} on each dimension of {@link #wideSegments}. */
    static VisitorDimensions wideVisitor(int[] x) {
        return new VisitorDimensions("device" + x[0], "os" + x[1], "browser" + x[2], "country" + x[3],
                "ref" + x[4] + ".example");
    }

    private static double[] zipf(int n, double exponent) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / Math.pow(i + 1, exponent);
        }
        return w;
    }

    /** Draws one of {@code values} with probability proportional to its weight. */
    private static final class Categorical {
        final String[] values;
        final double[] cumulative;

        Categorical(String[] values, double[] weights) {
            this.values = values;
            this.cumulative = new double[weights.length];
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i] / total;
                cumulative[i] = sum;
            }
        }

        String draw(Random random) {
            double u = random.nextDouble();
            for (int i = 0; i < cumulative.length; i++) {
                if (u < cumulative[i]) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }
    }
}
