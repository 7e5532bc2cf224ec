package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, durability: the fat jar on embedded PostgreSQL takes pageviews from 8 concurrent clients, is killed
 * with SIGKILL while they are still sending, restarts on the same data directory, and every event it had answered
 * with 200 is in the database. Runs after {@code package} (failsafe), loopback only, bounded in time.
 */
class KillNineDurabilityIT {

    private static final int CLIENTS = 8;
    private static final long LOAD_MILLIS = 3000;
    private static final String DOMAIN = "durable.example";

    @TempDir
    Path dataDir;

    @Test
    void everyEventAnsweredWith200IsStoredAfterTheServerIsKilledWithSigkillUnderLoad() throws Exception {
        int httpPort = ServerProcess.freePort();
        int dbPort = ServerProcess.freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String websiteId;

        ServerProcess server = ServerProcess.start(dataDir, httpPort, dbPort);
        try {
            Map<String, String> site = server.createWebsite(DOMAIN);
            websiteId = site.get("websiteId");
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(() -> {
                    String visitor = UUID.randomUUID().toString();
                    for (int n = 0; sending.get(); n++) {
                        if (n % 5 == 0) {
                            visitor = UUID.randomUUID().toString();
                        }
                        try {
                            HttpResponse<String> response = server.pageview(site.get("trackingId"), DOMAIN, visitor, "/p/" + n);
                            if (response.statusCode() == 200) {
                                acknowledged.add(ServerProcess.field(response.body(), "eventId").orElseThrow());
                            }
                        } catch (java.io.IOException refusedOrCut) {
                            // the server is gone: this event was never acknowledged
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            Thread.sleep(LOAD_MILLIS);

            int exitStatus = server.killHard();

            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(exitStatus).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        assertThat(acknowledged).as("events acknowledged before the kill").hasSizeGreaterThan(50);

        // the embedded PostgreSQL outlived its server; the new server stops it and starts its own on the same data
        try (ServerProcess restarted = ServerProcess.start(dataDir, httpPort, dbPort);
                Connection db = restarted.database()) {
            Set<String> stored = new HashSet<>();
            try (PreparedStatement ps = db.prepareStatement("select id from events where website_id = ?")) {
                ps.setString(1, websiteId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
            assertThat(stored).containsAll(acknowledged);
        }
    }
}
