package dev.meridian.ports.out;

import java.util.Set;

/**
 * Changes to websites' realtime maps as the storage commits them, whichever process wrote them: what lets a live
 * stream on one node show what another node stored (PostgreSQL: one {@code NOTIFY} per committed write naming its
 * websites, heard on a connection of its own). Optional: a storage that only one process writes to (the in-memory
 * store) offers none, and core's own publication after each store is enough there.
 *
 * <p>A change carries no data, only which websites changed; the listener re-reads what it shows. The storage owns
 * the thread that calls the listener and stops it when the storage closes.
 */
public interface MapChangeFeed {

    /**
     * Calls {@code listener} after each committed change, this process's own included, until the returned
     * subscription is closed. Calls come from one thread of the storage and must return quickly.
     */
    Subscription listen(Listener listener);

    /** What the storage tells. */
    interface Listener {

        /** These websites' stored data changed (a committed batch of events, a payment, an import batch, …). */
        void changed(Set<String> websiteIds);

        /**
         * Any website may have changed: a batch named too many websites to list, or the storage could not hear
         * changes for a while (its connection was lost) and some may have been missed.
         */
        void anyChanged();
    }

    /** Stops the calls; closing twice is harmless. */
    interface Subscription extends AutoCloseable {

        @Override
        void close();
    }
}
