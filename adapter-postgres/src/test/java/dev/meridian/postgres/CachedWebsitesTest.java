package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Websites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedWebsitesTest {

    /** The database: websites by id. */
    private static final class StoredWebsites implements Websites {
        private final Map<String, Website> byId = new ConcurrentHashMap<>();

        @Override
        public void save(Website website) {
            byId.put(website.id(), website);
        }

        @Override
        public Optional<Website> byId(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Website> byTrackingId(String trackingId) {
            return byId.values().stream().filter(w -> w.trackingId().equals(trackingId)).findFirst();
        }

        @Override
        public List<Website> all() {
            return new ArrayList<>(byId.values());
        }
    }

    private final StoredWebsites stored = new StoredWebsites();
    private final AtomicLong nanos = new AtomicLong();
    private final CachedWebsites cached = new CachedWebsites(stored, Duration.ofSeconds(5), nanos::get);

    private static Website site(String name) {
        return new Website("a00000000000000000000001", "t-1", "example.com", name, "USD", "UTC", List.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aChangeStoredBehindItsBackShowsOnceTheTtlHasPassed() {
        stored.save(site("before"));
        assertThat(cached.byTrackingId("t-1")).map(Website::name).contains("before");

        stored.save(site("after")); // as another node would
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cached.byTrackingId("t-1")).map(Website::name).contains("before");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cached.byTrackingId("t-1")).map(Website::name).contains("after");
    }

    @Test
    void aSaveThroughItShowsAtOnce() {
        cached.save(site("before"));
        assertThat(cached.byTrackingId("t-1")).map(Website::name).contains("before");

        cached.save(site("after"));
        assertThat(cached.byTrackingId("t-1")).map(Website::name).contains("after");
    }

    @Test
    void anUnknownTrackingIdIsNotRememberedSoAWebsiteCreatedElsewhereIsFoundAtOnce() {
        assertThat(cached.byTrackingId("t-1")).isEmpty();
        stored.save(site("new"));
        assertThat(cached.byTrackingId("t-1")).isPresent();
    }
}
