package dev.meridian.ports.in;

/**
 * Hearing that a website's realtime map may have changed, to show it live: the caller is told "website X
 * changed" (an event, a payment, a goal or an identify call was stored for it) and reads the map itself with
 * {@link GetRealtimeMap}. A change carries no data, so a burst of changes can be coalesced into one read.
 */
public interface WatchRealtimeMap {

    /**
     * Calls {@code onChange} after each change of the website's map until the returned subscription is closed.
     * {@code onChange} runs on the thread that reports the change, so it must return quickly (hand the work to an
     * executor); an exception it throws reaches neither that thread nor the other subscribers.
     */
    Subscription subscribe(String websiteId, Runnable onChange);

    /** One caller's interest in one website's map; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {

        /** Stops the calls; a change being reported at that moment may still arrive once. */
        @Override
        void close();
    }
}
