package dev.meridian.benchmarks;

import dev.meridian.core.Meridian;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The realtime map use case over the in-memory store: ACTIVE visitors with a pageview in the last 10
 * minutes, HISTORY visitors seen earlier. Prints the median and p99 of {@code realtimeMap()}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.meridian.benchmarks.RealtimeMapLatency [ACTIVE] [HISTORY] [CALLS]</pre>
 */
public final class RealtimeMapLatency {

    private RealtimeMapLatency() {
    }

    public static void main(String[] args) {
        int active = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int history = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;

        Instant start = Instant.parse("2026-02-06T05:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        Meridian meridian = Meridian.builder()
                .storage(new InMemoryStore())
                .clock(now::get)
                .geoLocator(ip -> new Location("Denver", "US-CO", "US", 39.7391, -104.9866))
                .deviceDetector(ua -> new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false))
                .build();
        Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));

        long loadStart = System.nanoTime();
        track(meridian, site, history, now, start, Duration.ofHours(2));
        track(meridian, site, active, now, start.plus(Duration.ofHours(3)), Duration.ofMinutes(9));
        System.out.printf("loaded %d historical + %d active visitors in %d ms%n", history, active,
                (System.nanoTime() - loadStart) / 1_000_000);

        int warmup = Math.max(200, calls / 5);
        LatencySample sample = new LatencySample(calls);
        int checksum = 0;
        for (int i = 0; i < warmup + calls; i++) {
            long t0 = System.nanoTime();
            RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());
            long elapsed = System.nanoTime() - t0;
            checksum += map.count();
            if (i >= warmup) {
                sample.add(elapsed);
            }
        }
        if (checksum != (warmup + calls) * active) {
            throw new IllegalStateException("the map did not show every active visitor");
        }
        System.out.printf("realtime map, in-memory store, %d active / %d stored visitors: %s (%d cores)%n",
                active, active + history, sample.summary(), Runtime.getRuntime().availableProcessors());
    }

    /** COUNT visitors, one pageview each, spread evenly over SPAN starting at FROM. */
    private static void track(Meridian meridian, Website site, int count, AtomicReference<Instant> now, Instant from,
            Duration span) {
        for (int i = 0; i < count; i++) {
            now.set(from.plus(span.multipliedBy(i).dividedBy(Math.max(1, count))));
            String href = "https://example.com/page/" + (i % 50) + "?utm_source=s" + (i % 7);
            meridian.trackEvent().track(TrackCommand.pageview(href)
                    .website(site.trackingId(), "example.com")
                    .visitor(UUID.randomUUID().toString(), "s" + UUID.randomUUID())
                    .client("203.0.113.9", "Mozilla/5.0")
                    .build());
        }
        now.set(from.plus(span));
    }
}
