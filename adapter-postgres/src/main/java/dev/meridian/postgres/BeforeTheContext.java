package dev.meridian.postgres;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work the application's {@code main} starts before Micronaut has read the configuration, for the setting it will
 * most probably name (a key), on a daemon thread of its own; whoever then knows the configured key claims the result
 * ({@link #claim}), waiting for it if need be. Results for other keys (a wrong guess) are discarded, and so are those
 * nobody claimed when the JVM exits (waiting up to a minute for work still under way). Used for a new data directory's
 * cluster ({@link FreshClusterPreparation}) and an existing one's server ({@link EarlyEmbeddedStart}).
 *
 * @param <K> what the work was started for (a data directory, a directory and a port)
 * @param <T> its result; empty when the work did not succeed (the claimer then does it itself)
 */
final class BeforeTheContext<K, T> {

    private static final Logger LOG = LoggerFactory.getLogger(BeforeTheContext.class);
    private static final long EXIT_WAIT_SECONDS = 60;

    private final String threadName;
    private final Consumer<T> discard;
    private final Map<K, CompletableFuture<Optional<T>>> started = new ConcurrentHashMap<>();

    /** {@code threadName} names the work's thread; {@code discard} undoes a result nobody claims. */
    BeforeTheContext(String threadName, Consumer<T> discard) {
        this.threadName = threadName;
        this.discard = discard;
    }

    /**
     * Starts {@code work} for {@code key}; a failure of it (an exception) is an empty result.
     *
     * @return whether it started (not when work for that key is under way or unclaimed already)
     */
    boolean start(K key, Supplier<Optional<T>> work) {
        CompletableFuture<Optional<T>> result = new CompletableFuture<>();
        if (started.putIfAbsent(key, result) != null) {
            return false;
        }
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                LOG.debug("{} for {} failed; it is done again where it is claimed", threadName, key, e);
                result.complete(Optional.empty());
            }
        }, threadName);
        thread.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CompletableFuture<Optional<T>> unclaimed = started.remove(key);
            if (unclaimed != null) {
                discardWhenDone(unclaimed);
            }
        }, threadName + "-discard"));
        thread.start();
        return true;
    }

    /**
     * The result for {@code key}, waiting for its work to end; empty when none was started or it did not succeed.
     * Every result for another key is discarded (once its work ends): one claim per process.
     */
    Optional<T> claim(K key) {
        CompletableFuture<Optional<T>> mine = started.remove(key);
        for (K other : started.keySet()) {
            CompletableFuture<Optional<T>> notMine = started.remove(other);
            if (notMine != null) {
                LOG.info("{}: what was started for {} is discarded, the configuration names {}", threadName, other,
                        key);
                notMine.thenAccept(result -> result.ifPresent(discard));
            }
        }
        if (mine == null) {
            return Optional.empty();
        }
        long waiting = System.nanoTime();
        Optional<T> result = mine.join();
        LOG.debug("waited {} ms for {} of {}", (System.nanoTime() - waiting) / 1_000_000, threadName, key);
        return result;
    }

    private void discardWhenDone(CompletableFuture<Optional<T>> result) {
        try {
            result.get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS).ifPresent(discard);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            // still under way after a minute: its leftovers are the next start's to clear (a directory beside the
            // data directory, a server left running: both are removed or stopped by the next start)
        }
    }
}
