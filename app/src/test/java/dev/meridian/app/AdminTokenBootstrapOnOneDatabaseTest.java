package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.access.Secrets;
import dev.meridian.core.admin.AccountTokenAdministration;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.ports.out.Clock;
import dev.meridian.postgres.EmbeddedDatabase;
import dev.meridian.postgres.PostgresStorage;
import dev.meridian.postgres.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers starting together on one PostgreSQL run their admin-token bootstraps at the same moment: each
 * "node" here is its own {@link PostgresStorage} (own pool) and its own data directory, and the bootstraps are
 * released together. Exactly one admin token results, whichever way it is made.
 */
class AdminTokenBootstrapOnOneDatabaseTest {

    private static final int NODES = 6;
    private static final int ROUNDS = 5;

    @TempDir
    static Path dir;

    private static EmbeddedDatabase database;
    private static final List<PostgresStorage> NODE_STORAGE = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        database = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
        for (int node = 0; node < NODES; node++) { // one after the other: what is released together is the bootstrap
            NODE_STORAGE.add(PostgresStorage.open(StorageSettings.external(database.jdbcUrl(), database.user(),
                    database.password()).withPool(2, 1, 100)));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODE_STORAGE.forEach(PostgresStorage::close);
        database.close();
    }

    @Test
    void nodesGeneratingTheFirstTokenTogetherMakeExactlyOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            execute("truncate account_tokens");
            int r = round;
            atOnce(NODES, node -> {
                bootstrap(node, "", r).provision();
                return null;
            });

            List<Path> written = new ArrayList<>();
            for (int node = 0; node < NODES; node++) {
                Path file = nodeDirectory(node, round).resolve("admin-token");
                if (Files.exists(file)) {
                    written.add(file);
                }
            }
            assertThat(count("select count(*) from account_tokens")).as("round %d: tokens stored", round).isEqualTo(1);
            assertThat(written).as("round %d: admin-token files written", round).hasSize(1);
            assertThat(count("select count(*) from account_tokens where admin_token and hash = '"
                    + Secrets.hash(Files.readString(written.get(0)).strip()) + "'")).isEqualTo(1);
        }
    }

    @Test
    void nodesStartingTogetherWithANewAdminTokenStoreItOnceAndRevokeTheOldOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            execute("truncate account_tokens");
            String old = "dft_" + Integer.toString(round).repeat(40);
            String changed = "dft_" + "f" + Integer.toString(round).repeat(39);
            bootstrap(0, old, round).provision();
            int r = round;

            atOnce(NODES, node -> {
                bootstrap(node, changed, r).provision();
                return null;
            });

            assertThat(count("select count(*) from account_tokens")).as("round %d", round).isEqualTo(1);
            assertThat(count("select count(*) from account_tokens where admin_token and hash = '"
                    + Secrets.hash(changed) + "'")).isEqualTo(1);
        }
    }

    private static AdminTokenBootstrap bootstrap(int node, String configured, int round) {
        PostgresStorage storage = NODE_STORAGE.get(node);
        return new AdminTokenBootstrap(new AccountTokenAdministration(storage.credentials(), storage.websites(),
                Clock.system(), new ObjectIds()), configured, nodeDirectory(node, round).toString());
    }

    private static Path nodeDirectory(int node, int round) {
        return dir.resolve("round-" + round).resolve("node-" + node);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = NODE_STORAGE.get(0).dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = NODE_STORAGE.get(0).dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs {@code task} for nodes 0..n-1, each on its own thread, all released at the same moment. */
    private static <T> List<T> atOnce(int n, NodeTask<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int node = 0; node < n; node++) {
                int id = node;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(id);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface NodeTask<T> {
        T run(int node) throws Exception;
    }
}
