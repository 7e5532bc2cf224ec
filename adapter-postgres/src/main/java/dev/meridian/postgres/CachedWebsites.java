package dev.meridian.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Websites;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Websites by tracking id, remembered for {@code ttl}: every tracked event looks its website up, and this saves a
 * database round trip per event. A save on this node forgets everything at once; a save on another node shows
 * here within {@code ttl}. Unknown tracking ids are not remembered, so a website created on another node is
 * trackable here immediately. Everything else reads through.
 */
final class CachedWebsites implements Websites {

    private final Websites stored;
    private final Cache<String, Website> byTrackingId;
    /** Bumped by every save, so a look-up that raced with a save does not remember what it read before. */
    private final AtomicLong saves = new AtomicLong();

    CachedWebsites(Websites stored, Duration ttl, Ticker ticker) {
        this.stored = stored;
        this.byTrackingId = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).ticker(ticker).build();
    }

    @Override
    public void save(Website website) {
        saves.incrementAndGet();
        try {
            stored.save(website);
        } finally {
            saves.incrementAndGet();
            byTrackingId.invalidateAll();
        }
    }

    @Override
    public Optional<Website> byId(String id) {
        return stored.byId(id);
    }

    @Override
    public Optional<Website> byTrackingId(String trackingId) {
        Website remembered = byTrackingId.getIfPresent(trackingId);
        if (remembered != null) {
            return Optional.of(remembered);
        }
        long before = saves.get();
        Optional<Website> found = stored.byTrackingId(trackingId);
        if (found.isPresent() && before % 2 == 0 && saves.get() == before) {
            byTrackingId.put(trackingId, found.get());
        }
        return found;
    }

    @Override
    public List<Website> all() {
        return stored.all();
    }
}
