package dev.meridian.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link PostgresStorage} being opened on a thread of its own ({@code meridian-storage-open}), started
 * first thing when the application context starts, so the embedded PostgreSQL's start, the pools, the schema check
 * and the repositories' context run alongside the rest of the context (meters, JSON, the HTTP server) instead of
 * before it (docs/operations.md, "Start-up"). Whoever needs the storage waits for it ({@link #take}); the HTTP port opens only
 * once it is open ({@code StorageOpenBeforeListening} in the app), so no request ever finds it half open.
 *
 * <p>A failed open fails every {@link #awaitOpen} with its cause, which then stops the context's start. Whatever the
 * context does, the storage is closed exactly once: by its bean when the context took it ({@link #take}), else by
 * {@link #close} (a context that failed or stopped before anything needed it).
 */
public final class StorageOpening implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageOpening.class);

    private final CompletableFuture<PostgresStorage> opened = new CompletableFuture<>();
    private boolean taken;
    private boolean closed;

    private StorageOpening() {
    }

    /** Starts opening the storage of {@code settings} now, closed by its owner (see {@link PostgresStorage#openClosedByOwner}). */
    public static StorageOpening start(StorageSettings settings) {
        StorageOpening opening = new StorageOpening();
        Thread thread = new Thread(() -> {
            try {
                long started = System.nanoTime();
                PostgresStorage storage = PostgresStorage.openClosedByOwner(settings);
                LOG.debug("storage opened in {} ms", (System.nanoTime() - started) / 1_000_000);
                opening.settle(storage);
            } catch (RuntimeException | Error e) {
                opening.opened.completeExceptionally(e);
            }
        }, "meridian-storage-open");
        thread.setDaemon(true);
        thread.start();
        return opening;
    }

    /** A storage opened by this thread, now. */
    static StorageOpening of(PostgresStorage storage) {
        StorageOpening opening = new StorageOpening();
        opening.settle(storage);
        return opening;
    }

    private void settle(PostgresStorage storage) {
        synchronized (this) { // completed under the lock: close() either sees it open (and closes it) or not at all
            if (!closed) {
                opened.complete(storage);
                return;
            }
        }
        storage.close(); // the context stopped while it was being opened: nobody will ever take it
        opened.completeExceptionally(new IllegalStateException("the storage's opening was closed before it ended"));
    }

    /**
     * Waits for the open to end.
     *
     * @throws RuntimeException the open's failure (its own exception: an {@code UncheckedIOException}, a storage
     *     failure…), or {@link IllegalStateException} when this opening was closed before the open ended
     */
    public void awaitOpen() {
        try {
            opened.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /**
     * The open storage, waiting for the open to end ({@link #awaitOpen}); from then on the caller owns it (closes
     * it), and {@link #close} leaves it alone.
     *
     * @throws IllegalStateException when this opening was closed first
     */
    public PostgresStorage take() {
        awaitOpen();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the storage's opening was closed before it was taken");
            }
            taken = true;
        }
        return opened.join();
    }

    /** Runs {@code action} with the storage once it is open (at once when it already is); not on a failed open. */
    public void whenOpen(Consumer<PostgresStorage> action) {
        opened.thenAccept(action); // on the opening thread, or on the caller's when already open
    }

    /** Whether the open has ended, opened or failed. */
    public boolean isDone() {
        return opened.isDone();
    }

    /**
     * Closes the storage when nobody took it (a context stopped or failed before needing it); a storage taken by
     * {@link #take} is its taker's to close. An open still under way is closed as soon as it ends.
     */
    @Override
    public void close() {
        PostgresStorage toClose = null;
        synchronized (this) {
            if (closed || taken) {
                closed = true;
                return;
            }
            closed = true;
            if (opened.isDone() && !opened.isCompletedExceptionally()) {
                toClose = opened.join();
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
