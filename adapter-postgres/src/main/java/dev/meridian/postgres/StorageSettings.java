package dev.meridian.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to store.
 *
 * @param dataDirectory     Meridian's data directory; the embedded PostgreSQL lives in its {@code postgres} folder
 * @param embeddedPort      loopback port of the embedded PostgreSQL, 0 for any free port
 * @param url               JDBC URL of an external PostgreSQL, or {@code null} for the embedded one
 * @param user              user for {@code url}, or {@code null}
 * @param password          password for {@code url}, or {@code null}
 * @param poolSize          pooled connections
 * @param writerThreads     group-commit writer threads (each holds a connection while it writes)
 * @param maxBatch          most events one group-commit transaction takes
 * @param connectionTimeout how long an operation waits for a connection before storage counts as unavailable
 * @param socketTimeout     how long one database round trip may take before the connection counts as lost
 * @param retentionDays     events older than this many days are dropped (a whole month at a time); 0 keeps all
 * @param importPoolSize    connections of imports' own pool ({@link dev.meridian.ports.out.ImportSink}), apart from
 *                          the {@code poolSize} of tracking, reads and everything else, so an import can never take
 *                          their connections
 */
public record StorageSettings(
        Path dataDirectory,
        int embeddedPort,
        String url,
        String user,
        String password,
        int poolSize,
        int writerThreads,
        int maxBatch,
        Duration connectionTimeout,
        Duration socketTimeout,
        int retentionDays,
        int importPoolSize) {

    public StorageSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        url = url == null || url.isBlank() ? null : url;
        if (poolSize <= writerThreads) {
            throw new IllegalArgumentException("pool size " + poolSize + " must exceed writer threads " + writerThreads
                    + " so that reads still get a connection");
        }
        if (importPoolSize < 1) {
            throw new IllegalArgumentException("import pool size must be >= 1, got " + importPoolSize);
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days must be >= 0, got " + retentionDays);
        }
    }

    /** Imports' own connections by default: two imports at once, each storing a batch in two parts at once. */
    public static final int DEFAULT_IMPORT_POOL_SIZE = 4;

    /** The defaults: embedded PostgreSQL under {@code dataDirectory}, any free port, keep every event. */
    public static StorageSettings embedded(Path dataDirectory) {
        return new StorageSettings(dataDirectory, 0, null, null, null, 16, 1, 500,
                Duration.ofMillis(2500), Duration.ofSeconds(30), 0, DEFAULT_IMPORT_POOL_SIZE);
    }

    /** The defaults, on an external PostgreSQL. */
    public static StorageSettings external(String url, String user, String password) {
        return embedded(Path.of(System.getProperty("java.io.tmpdir"))).withDatabase(url, user, password);
    }

    /** Meridian's default data directory, {@code ~/.meridian}. */
    public static Path defaultDataDirectory() {
        return Path.of(System.getProperty("user.home"), ".meridian");
    }

    public boolean usesEmbeddedDatabase() {
        return url == null;
    }

    public Path embeddedDataDirectory() {
        return dataDirectory.resolve("postgres");
    }

    public StorageSettings withDatabase(String newUrl, String newUser, String newPassword) {
        return new StorageSettings(dataDirectory, embeddedPort, newUrl, newUser, newPassword, poolSize, writerThreads,
                maxBatch, connectionTimeout, socketTimeout, retentionDays, importPoolSize);
    }

    public StorageSettings withEmbeddedPort(int port) {
        return new StorageSettings(dataDirectory, port, url, user, password, poolSize, writerThreads, maxBatch,
                connectionTimeout, socketTimeout, retentionDays, importPoolSize);
    }

    public StorageSettings withPool(int newPoolSize, int newWriterThreads, int newMaxBatch) {
        return new StorageSettings(dataDirectory, embeddedPort, url, user, password, newPoolSize, newWriterThreads,
                newMaxBatch, connectionTimeout, socketTimeout, retentionDays, importPoolSize);
    }

    public StorageSettings withRetentionDays(int days) {
        return new StorageSettings(dataDirectory, embeddedPort, url, user, password, poolSize, writerThreads, maxBatch,
                connectionTimeout, socketTimeout, days, importPoolSize);
    }

    public StorageSettings withImportPool(int newImportPoolSize) {
        return new StorageSettings(dataDirectory, embeddedPort, url, user, password, poolSize, writerThreads, maxBatch,
                connectionTimeout, socketTimeout, retentionDays, newImportPoolSize);
    }
}
