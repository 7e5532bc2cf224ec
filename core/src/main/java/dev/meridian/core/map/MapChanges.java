package dev.meridian.core.map;

import dev.meridian.ports.in.WatchRealtimeMap;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells whoever watches a website's realtime map ({@link WatchRealtimeMap}) that it may have changed: tracking,
 * payments, goals and identify calls publish after every store, a live stream subscribes and re-reads the map.
 * A change carries no data; listeners read the map themselves, so a burst of changes can be coalesced.
 *
 * <p>Thread-safe. Listeners run on the publishing thread, so they must return quickly (hand the work to an
 * executor); an exception thrown by one is logged and does not reach the publisher or the other listeners.
 */
public final class MapChanges implements WatchRealtimeMap {

    private static final System.Logger LOG = System.getLogger(MapChanges.class.getName());

    private final ConcurrentHashMap<String, List<Subscription>> byWebsite = new ConcurrentHashMap<>();

    /**
     * Calls {@code listener} after each change of the website's map until the returned subscription is closed.
     */
    @Override
    public Subscription subscribe(String websiteId, Runnable listener) {
        Objects.requireNonNull(websiteId, "websiteId");
        Subscription subscription = new Subscription(websiteId, Objects.requireNonNull(listener, "listener"));
        byWebsite.compute(websiteId, (id, subscriptions) -> {
            List<Subscription> list = subscriptions != null ? subscriptions : new CopyOnWriteArrayList<>();
            list.add(subscription);
            return list;
        });
        return subscription;
    }

    /** Tells the website's current subscribers that its map changed. */
    public void publish(String websiteId) {
        List<Subscription> subscriptions = byWebsite.get(websiteId);
        if (subscriptions == null) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            try {
                subscription.listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a realtime map listener of website " + websiteId + " failed", e);
            }
        }
    }

    /** Tells every current subscriber that its website's map may have changed. */
    public void publishAll() {
        byWebsite.keySet().forEach(this::publish);
    }

    /** Open subscriptions to the website's changes. */
    public int subscriberCount(String websiteId) {
        List<Subscription> subscriptions = byWebsite.get(websiteId);
        return subscriptions == null ? 0 : subscriptions.size();
    }

    private void remove(Subscription subscription) {
        byWebsite.computeIfPresent(subscription.websiteId, (id, subscriptions) -> {
            subscriptions.remove(subscription);
            return subscriptions.isEmpty() ? null : subscriptions;
        });
    }

    /** One listener's interest in one website; closing it twice is harmless. */
    public final class Subscription implements WatchRealtimeMap.Subscription {

        private final String websiteId;
        private final Runnable listener;

        private Subscription(String websiteId, Runnable listener) {
            this.websiteId = websiteId;
            this.listener = listener;
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
