package dev.meridian.core.store;

import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Websites;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The websites of the {@link InMemoryStore}, by id and by tracking id. */
final class InMemoryWebsites implements Websites {

    private final ConcurrentMap<String, Website> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> idByTrackingId = new ConcurrentHashMap<>();

    @Override
    public void save(Website website) {
        Website previous = byId.put(website.id(), website);
        if (previous != null && !previous.trackingId().equals(website.trackingId())) {
            idByTrackingId.remove(previous.trackingId(), previous.id());
        }
        idByTrackingId.put(website.trackingId(), website.id());
    }

    @Override
    public Optional<Website> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Website> byTrackingId(String trackingId) {
        String id = idByTrackingId.get(trackingId);
        return id == null ? Optional.empty() : byId(id);
    }

    @Override
    public List<Website> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Website::createdAt).thenComparing(Website::id))
                .toList();
    }
}
