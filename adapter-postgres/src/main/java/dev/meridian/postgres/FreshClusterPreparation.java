package dev.meridian.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new data directory's cluster made ready before the application context has read its configuration: started by
 * the application's {@code main} for the embedded data directory the configuration will most probably name
 * ({@link PostgresStorageFactory#startEmbeddedEarly}), on a thread of its own ({@code meridian-cluster-prepare}),
 * it does what {@link EmbeddedDatabase#start} would do first on that directory, in the same order and with the same
 * guarantees, while the JVM and Micronaut start: the ready-made cluster unpacked beside the data directory
 * ({@link ReadyMadeCluster#stageBeside}), synced to disk, and secured (this installation's new password set in
 * single-user mode, stored, {@code pg_hba.conf} written; {@link EmbeddedAccess#secure}) — these two only where zonky
 * has unpacked its PostgreSQL binaries before (any earlier start on this machine), else {@code start} does them as
 * before. Nothing is moved onto the data directory here: {@link EmbeddedDatabase#start} on that directory claims it
 * ({@link #claim}, waiting for it if need be) and renames it onto the data directory; a start on another directory
 * (the guess was wrong) discards it, and so does the JVM's exit when no start claimed it. A wrong guess thus costs a
 * directory unpacked beside another one for a few seconds, never a cluster where the configuration did not ask for one.
 */
public final class FreshClusterPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(FreshClusterPreparation.class);
    private static final BeforeTheContext<Path, Prepared> PREPARING =
            new BeforeTheContext<>("meridian-cluster-prepare", Prepared::discard);

    /** A ready-made cluster unpacked beside its data directory; {@code secured}: synced, password set and stored. */
    record Prepared(ReadyMadeCluster.Staged staged, boolean secured) {

        void discard() {
            ReadyMadeCluster.deleteQuietly(staged.directory());
        }
    }

    private FreshClusterPreparation() {
    }

    /**
     * Starts preparing {@code dataDirectory}'s cluster when it holds none (absent or empty), with the build's
     * ready-made cluster.
     *
     * @return whether a preparation started (not when the directory has a cluster or one is under way already)
     */
    public static boolean start(Path dataDirectory) {
        return start(dataDirectory, ReadyMadeCluster.fromClasspath());
    }

    static boolean start(Path dataDirectory, ReadyMadeCluster readyMade) {
        Path key = key(dataDirectory);
        return ReadyMadeCluster.noCluster(key) && PREPARING.start(key, () -> prepare(key, readyMade));
    }

    private static Optional<Prepared> prepare(Path dataDirectory, ReadyMadeCluster readyMade) {
        Optional<ReadyMadeCluster.Staged> staged = readyMade.stageBeside(dataDirectory);
        if (staged.isEmpty()) {
            return Optional.empty();
        }
        Path directory = staged.get().directory();
        try {
            PostgresBinaries.binary("initdb");
            PostgresBinaries.binary("postgres");
        } catch (IOException notUnpackedYet) {
            LOG.debug("{}: zonky's binaries are not unpacked yet, so the sync and the password wait for the start",
                    dataDirectory);
            return Optional.of(new Prepared(staged.get(), false));
        }
        try {
            long started = System.nanoTime();
            // side by side: the sync flushes what tar wrote; what the single-user server then writes, its shutdown
            // checkpoint makes durable itself, so both done means every file of the cluster is on disk
            CompletableFuture<Long> synced =
                    CompletableFuture.supplyAsync(() -> sync(directory), FreshClusterPreparation::onThreadOfItsOwn);
            try {
                EmbeddedAccess.secure(directory, EmbeddedAccess.newPassword(), true, dataDirectory);
            } catch (RuntimeException e) {
                synced.handle((ended, failed) -> ended).join(); // the sync ends before the directory is removed
                throw e;
            }
            long secured = System.nanoTime();
            long syncedAt = synced.join();
            LOG.debug("ready-made cluster for {} synced to disk in {} ms and secured in {} ms (side by side) before the "
                    + "context", dataDirectory, (syncedAt - started) / 1_000_000, (secured - started) / 1_000_000);
            return Optional.of(new Prepared(staged.get(), true));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.debug("early preparation of {} failed; the start does it", dataDirectory, cause);
            ReadyMadeCluster.deleteQuietly(directory);
            return Optional.empty();
        }
    }

    /** {@link PostgresBinaries#syncDataDirectory} of {@code directory}; when it ended ({@link System#nanoTime}). */
    private static long sync(Path directory) {
        try {
            PostgresBinaries.syncDataDirectory(directory);
            return System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void onThreadOfItsOwn(Runnable task) {
        Thread thread = new Thread(task, "meridian-cluster-sync");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The cluster prepared for {@code dataDirectory}, waiting for its preparation to end; empty when none was started
     * or it did not succeed. Every preparation for another directory is discarded (only one start per process
     * claims one). The caller moves it onto {@code dataDirectory} ({@link ReadyMadeCluster#moveOnto}).
     */
    static Optional<Prepared> claim(Path dataDirectory) {
        return PREPARING.claim(key(dataDirectory));
    }

    private static Path key(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize();
    }
}
