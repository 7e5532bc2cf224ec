package dev.meridian.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one embedded PostgreSQL of a test JVM, started on first use and shared by every test class, with a
 * {@link PostgresStorage} on it. Stopped, and its temporary data directory removed, when the JVM exits.
 */
final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedDatabase server;
    private static PostgresStorage storage;

    private TestDatabase() {
    }

    static synchronized EmbeddedDatabase server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("meridian-test-pg");
                server = EmbeddedDatabase.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    if (storage != null) {
                        storage.close();
                    }
                    server.close();
                    deleteQuietly(dir);
                }, "meridian-test-pg-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Storage on the shared server, schema migrated. */
    static synchronized PostgresStorage storage() {
        if (storage == null) {
            EmbeddedDatabase db = server();
            storage = PostgresStorage.open(StorageSettings.external(db.jdbcUrl(), db.user(), db.password()));
        }
        return storage;
    }

    /** Empties every table (event partitions stay). */
    /**
     * A new, empty database named {@code prefix_<n>_<pid>} on the shared server, for a test that migrates one of its
     * own (the storage's database already has the schema).
     */
    static PGSimpleDataSource newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = dataSource(server().jdbcUrl()).getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return dataSource(server().jdbcUrl().replaceFirst("/postgres$", "/" + name));
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(server().user());
        dataSource.setPassword(server().password());
        return dataSource;
    }

    static void truncateAll() {
        try (Connection c = storage().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate events, visitors, payments, websites, api_keys, account_tokens, robot_counts, robot_visitors");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // an empty storage: its writer no longer remembers the visitor rows it wrote (VisitorCache)
        storage().forgetCachedVisitors();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
