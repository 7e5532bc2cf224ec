package dev.meridian.postgres;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded PostgreSQL started before the application context has read its configuration: started by the
 * application's {@code main} for the data directory and port the configuration will name
 * ({@link PostgresStorageFactory#startEmbeddedEarly}), on a thread of its own ({@code meridian-postgres-early}), it is
 * {@link EmbeddedDatabase#start} run while the JVM and Micronaut start instead of after the context has begun: zonky
 * finding its binaries, PostgreSQL's own start and readiness check, the first log-in. For a cluster that remembers its
 * binaries, {@code main} itself launches {@code pg_ctl} before the logging is set up ({@link ServerLaunch}) and the
 * thread waits for the server to be ready. The storage's open
 * ({@link PostgresStorage#openClosedByOwner}) takes it over ({@link #claim}), waiting for it if need be; a start that
 * failed is not taken over (the open starts the server itself, and reports the failure as ever); an open for another
 * directory or port (the configuration said otherwise) stops it, and so does the JVM's exit when nothing claimed it
 * ({@link BeforeTheContext}).
 */
public final class EarlyEmbeddedStart {

    private static final BeforeTheContext<Key, EmbeddedDatabase> STARTING =
            new BeforeTheContext<>("meridian-postgres-early", EmbeddedDatabase::close);

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
        return STARTING.start(key,
                () -> Optional.of(EmbeddedDatabase.start(key.dataDirectory(), key.port(), false)));
    }

    /**
     * As {@link #start(Path, int)} for a server {@code launch} started already ({@link ServerLaunch}): its thread waits
     * for it to be ready. Should a start for that directory and port be under way already, the launched server is
     * stopped once ready.
     */
    static boolean start(Path dataDirectory, int port, ServerLaunch launch) {
        Key key = Key.of(dataDirectory, port);
        if (STARTING.start(key, () -> EmbeddedDatabase.launched(key.dataDirectory(), Optional.of(launch), false, false))) {
            return true;
        }
        Thread discard = new Thread(() -> EmbeddedDatabase.launched(key.dataDirectory(), Optional.of(launch), false,
                false).ifPresent(EmbeddedDatabase::close), "meridian-postgres-early-discard");
        discard.setDaemon(true);
        discard.start();
        return false;
    }

    /**
     * The server started early for {@code dataDirectory} and {@code port}, waiting for its start to end; empty when
     * none was started or its start failed. Every server started early for another directory or port is stopped:
     * one storage per process claims one.
     */
    static Optional<EmbeddedDatabase> claim(Path dataDirectory, int port) {
        return STARTING.claim(Key.of(dataDirectory, port));
    }
}
