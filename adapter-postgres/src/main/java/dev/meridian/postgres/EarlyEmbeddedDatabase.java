package dev.meridian.postgres;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL started ahead of the storage, on a thread of its own, so that its start (initdb on a new
 * data directory, the server's start on every one) runs alongside whatever the owner does meanwhile, such as building
 * a Micronaut context, instead of after it. {@link PostgresStorage} takes it over when its settings name the same
 * embedded database ({@link #matches}); otherwise, or when nothing takes it, it is stopped ({@link #discard}). Until
 * it is taken, a JVM shutdown hook stops it, so a start that fails does not leave a server running.
 */
public final class EarlyEmbeddedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyEmbeddedDatabase.class);

    private final Path dataDirectory;
    private final int port;
    private final CompletableFuture<EmbeddedDatabase> starting;
    private final Thread stopAtExit;
    private boolean handedOver;

    private EarlyEmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.starting = new CompletableFuture<>();
        this.stopAtExit = new Thread(this::stopIfStarted, "meridian-early-postgres-stop");
    }

    /**
     * Starts the embedded PostgreSQL that {@link StorageSettings#embedded(Path) embedded(dataDirectory)} with
     * {@code port} would start, in the background.
     *
     * @param dataDirectory Meridian's data directory (the server's is its {@code postgres} folder)
     * @param port          loopback port, 0 for any free port
     */
    public static EarlyEmbeddedDatabase start(Path dataDirectory, int port) {
        EarlyEmbeddedDatabase early = new EarlyEmbeddedDatabase(dataDirectory, port);
        Runtime.getRuntime().addShutdownHook(early.stopAtExit);
        Thread thread = new Thread(() -> {
            try {
                early.starting.complete(EmbeddedDatabase.start(
                        StorageSettings.embedded(dataDirectory).embeddedDataDirectory(), port, false));
            } catch (Throwable e) {
                early.starting.completeExceptionally(e);
            }
        }, "meridian-early-postgres");
        thread.setDaemon(true);
        thread.start();
        return early;
    }

    /** Whether {@code settings} name this database: embedded, in the same data directory, on the same port. */
    public boolean matches(StorageSettings settings) {
        return settings.usesEmbeddedDatabase() && settings.embeddedPort() == port
                && settings.dataDirectory().toAbsolutePath().normalize()
                        .equals(dataDirectory.toAbsolutePath().normalize());
    }

    /**
     * Waits for the start and hands the database over: the caller stops it from now on. A start that failed throws
     * its cause, as {@link EmbeddedDatabase#start} would have.
     */
    synchronized EmbeddedDatabase take() {
        if (handedOver) {
            throw new IllegalStateException("the early embedded PostgreSQL was already taken or discarded");
        }
        handedOver = true;
        removeShutdownHook();
        return await();
    }

    /** Stops the database unless it was taken (a storage on another database, or none); waits for its start first. */
    public synchronized void discard() {
        if (handedOver) {
            return;
        }
        handedOver = true;
        removeShutdownHook();
        stopIfStarted();
    }

    /** Whether the database was taken over or discarded. */
    public synchronized boolean isHandedOver() {
        return handedOver;
    }

    /** The port the database listens on, once started (for tests: which server a storage is on). */
    int port() {
        return await().port();
    }

    private void stopIfStarted() {
        try {
            EmbeddedDatabase database = await();
            LOG.info("stopping the embedded PostgreSQL started early in {}: the storage does not use it", dataDirectory);
            database.close();
        } catch (RuntimeException e) {
            // it did not start: nothing to stop
        }
    }

    private EmbeddedDatabase await() {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs (or ran) and stops the database
        }
    }
}
