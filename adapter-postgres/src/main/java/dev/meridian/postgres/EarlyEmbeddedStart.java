package dev.meridian.postgres;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL started before the application context has read its configuration: started by the
 * application's {@code main} for the data directory and port the configuration will name
 * ({@link PostgresStorageFactory#startEmbeddedEarly}), on a thread of its own ({@code meridian-postgres-early}), it is
 * {@link EmbeddedDatabase#start} run while the JVM and Micronaut start instead of after the context has begun: zonky
 * finding its binaries, PostgreSQL's own start and readiness check, the first log-in. The storage's open
 * ({@link PostgresStorage#openClosedByOwner}) takes it over ({@link #claim}), waiting for it if need be; a start that
 * failed is not taken over (the open starts the server itself, and reports the failure as ever); an open for another
 * directory or port (the configuration said otherwise) stops it, and so does the JVM's exit when nothing claimed it.
 */
public final class EarlyEmbeddedStart {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyEmbeddedStart.class);
    private static final long STOP_WAIT_SECONDS = 60;
    private static final Map<Key, CompletableFuture<Optional<EmbeddedDatabase>>> STARTING = new ConcurrentHashMap<>();

    private record Key(Path dataDirectory, int port) {

        static Key of(Path dataDirectory, int port) {
            return new Key(dataDirectory.toAbsolutePath().normalize(), port);
        }
    }

    private EarlyEmbeddedStart() {
    }

    /**
     * Starts the embedded PostgreSQL of {@code dataDirectory} on {@code port} (0: any free port) on a thread of its
     * own, to be stopped by its owner ({@link #claim} hands it over).
     *
     * @return whether a start began (not when one for that directory and port is under way already)
     */
    public static boolean start(Path dataDirectory, int port) {
        Key key = Key.of(dataDirectory, port);
        CompletableFuture<Optional<EmbeddedDatabase>> starting = new CompletableFuture<>();
        if (STARTING.putIfAbsent(key, starting) != null) {
            return false;
        }
        Thread thread = new Thread(() -> {
            try {
                starting.complete(Optional.of(EmbeddedDatabase.start(key.dataDirectory(), key.port(), false)));
            } catch (RuntimeException | Error e) {
                LOG.debug("early start of the embedded PostgreSQL in {} failed; the storage's open starts it",
                        key.dataDirectory(), e);
                starting.complete(Optional.empty());
            }
        }, "meridian-postgres-early");
        thread.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CompletableFuture<Optional<EmbeddedDatabase>> unclaimed = STARTING.remove(key);
            if (unclaimed != null) {
                stopWhenStarted(unclaimed);
            }
        }, "meridian-postgres-early-stop"));
        thread.start();
        return true;
    }

    /**
     * The server started early for {@code dataDirectory} and {@code port}, waiting for its start to end; empty when
     * none was started or its start failed. Every server started early for another directory or port is stopped:
     * one storage per process claims one.
     */
    static Optional<EmbeddedDatabase> claim(Path dataDirectory, int port) {
        Key key = Key.of(dataDirectory, port);
        CompletableFuture<Optional<EmbeddedDatabase>> mine = STARTING.remove(key);
        for (Key other : STARTING.keySet()) {
            CompletableFuture<Optional<EmbeddedDatabase>> notMine = STARTING.remove(other);
            if (notMine != null) {
                LOG.info("The embedded PostgreSQL started early in {} is stopped: the configuration names {}",
                        other.dataDirectory(), key.dataDirectory());
                notMine.thenAccept(started -> started.ifPresent(EmbeddedDatabase::close));
            }
        }
        if (mine == null) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Optional<EmbeddedDatabase> database = mine.join();
        LOG.debug("waited {} ms for the embedded PostgreSQL started early in {}",
                (System.nanoTime() - started) / 1_000_000, dataDirectory);
        return database;
    }

    private static void stopWhenStarted(CompletableFuture<Optional<EmbeddedDatabase>> starting) {
        try {
            starting.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS).ifPresent(EmbeddedDatabase::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // still starting after a minute: the next start stops it as a server left running (EmbeddedDatabase)
        }
    }
}
