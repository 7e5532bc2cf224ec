package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.meridian.core.tracking.RobotTally;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.VisitorUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that is down, read-only or full answers {@link StorageUnavailableException} in bounded time, and recovers;
 * robot counts that could not be stored meanwhile are stored with the next flush.
 */
class StorageOutageTest {

    /** Far above the 2.5 s connection timeout: the bound, not a speed figure. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dataDir;

    private static Event pageview(String website, String visitor) {
        return new Event(UUID.randomUUID().toString().replace("-", "").substring(0, 24), website, visitor, null,
                EventType.PAGEVIEW, NOW, "/", null, null, Map.of());
    }

    private static VisitorUpdate firstVisit(String website, String visitor) {
        return current -> new VisitorState(website, visitor, NOW, NOW, NOW, "s", NOW,
                current.map(VisitorState::visitCount).orElse(0) + 1, "/", null, null, null, null, null, null, null);
    }

    private static Payment payment(String website, String transaction) {
        return new Payment(UUID.randomUUID().toString().replace("-", "").substring(0, 24), website, transaction,
                BigDecimal.ONE, "USD", NOW, null, null, null, null, false, false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void whileTheDatabaseIsDownCallsFailAsUnavailableInBoundedTimeAndSucceedOnceItIsBack() throws IOException {
        int port = freePort();
        EmbeddedDatabase server = EmbeddedDatabase.start(dataDir, port);
        String site = "e00000000000000000000001";
        try (PostgresStorage storage = PostgresStorage.open(StorageSettings.external(server.jdbcUrl(), server.user(), server.password()))) {
            storage.websites().save(new Website(site, "t-outage", "example.com", null, "USD", "UTC", List.of(), NOW));
            storage.eventLog().append(pageview(site, "v1"), firstVisit(site, "v1"));
            RobotTally robots = new RobotTally(storage.robotCounts().orElseThrow(), () -> NOW);
            robots.count(site);
            assertThat(robots.flush()).isTrue();

            server.close();

            // each call waits up to the connection timeout (2.5 s) for a connection: each is bounded on its own
            unavailableWithinBound(() -> storage.eventLog().append(pageview(site, "v1"), firstVisit(site, "v1")));
            // the asynchronous append returns at once; its stage fails alike, in bounded time
            CompletableFuture<VisitorState> queued = storage.eventLog()
                    .appendAsync(pageview(site, "v1"), firstVisit(site, "v1")).toCompletableFuture();
            unavailableWithinBound(() -> {
                try {
                    queued.get();
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            });
            unavailableWithinBound(() -> storage.websites().byId(site));
            // the lookup tables go through Micronaut Data: its failures are translated alike, in a transaction too
            unavailableWithinBound(() -> storage.credentials().accountTokenByHash("0".repeat(64)));
            unavailableWithinBound(() -> storage.credentials().saveFirstAccountToken(new AccountToken("0".repeat(64),
                    Set.of(Permission.ALL), Set.of(), NOW)));
            unavailableWithinBound(() -> storage.payments().record(payment(site, "tx-1")));
            unavailableWithinBound(() -> storage.visitors().active(site, NOW, 10));
            robots.count(site);
            robots.count(site);
            assertTimeoutPreemptively(BOUND, () ->
                    assertThat(robots.flush()).as("robot counts kept for the next flush").isFalse());

            server = EmbeddedDatabase.start(dataDir, port);

            // the pool reconnects by itself: calls succeed again within a few connection attempts
            assertThat(eventually(() -> storage.websites().byId(site))).isPresent();
            VisitorState after = storage.eventLog().append(pageview(site, "v1"), firstVisit(site, "v1"));
            assertThat(after.visitCount()).isEqualTo(2);
            assertThat(storage.payments().record(payment(site, "tx-1"))).isTrue();
            assertThat(robots.flush()).isTrue();
            assertThat(storage.robotCounts().orElseThrow().count(site, LocalDate.of(2026, 5, 1)))
                    .isEqualTo(new RobotCount(3, 3));
        } finally {
            server.close();
        }
    }

    private static void unavailableWithinBound(ThrowingCallable call) {
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(call).isInstanceOf(StorageUnavailableException.class));
    }

    private static <T> T eventually(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StorageUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesAsUnavailableAndStoresNothing() {
        EmbeddedDatabase shared = TestDatabase.server();
        TestDatabase.storage();
        String readOnlyUrl = shared.jdbcUrl() + "?options=-c%20default_transaction_read_only%3Don";
        String site = "e00000000000000000000002";
        try (PostgresStorage readOnly = PostgresStorage.open(StorageSettings.external(readOnlyUrl, shared.user(), shared.password()))) {
            assertThatThrownBy(() -> readOnly.payments().record(payment(site, "tx-ro")))
                    .isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> readOnly.eventLog().append(pageview(site, "v1"), firstVisit(site, "v1")))
                    .isInstanceOf(StorageUnavailableException.class);
            assertThat(readOnly.visitors().find(site, "v1")).isEmpty();
            RobotCounts readOnlyCounts = readOnly.robotCounts().orElseThrow();
            assertThatThrownBy(() -> readOnlyCounts.add(Map.of(new RobotDay(site, LocalDate.of(2026, 5, 1)), 1L)))
                    .isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> readOnly.websites().save(new Website(site, "t-read-only", "example.com", null, "USD",
                    "UTC", List.of(), NOW))).isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> readOnly.credentials().replaceAdminToken(new AccountToken("1".repeat(64),
                    Set.of(Permission.ALL), Set.of(), NOW, null, null, true)))
                    .isInstanceOf(StorageUnavailableException.class);
        }
        assertThat(TestDatabase.storage().payments().recentPayments(site, NOW, 10)).isEmpty();
        assertThat(TestDatabase.storage().robotCounts().orElseThrow().count(site, LocalDate.of(2026, 5, 1)))
                .isEqualTo(RobotCount.NONE);
        assertThat(TestDatabase.storage().websites().byId(site)).isEmpty();
        assertThat(TestDatabase.storage().credentials().accountTokenByHash("1".repeat(64))).isEmpty();
    }

    @Test
    void diskFullReadOnlyAndConnectionFailuresCountAsUnavailableButOtherErrorsDoNot() {
        for (String state : List.of("25006", "53100", "53200", "53300", "08006", "57P01")) {
            assertThat(StorageFailures.translate("testing", new SQLException("x", state)))
                    .as(state).isInstanceOf(StorageUnavailableException.class);
        }
        for (String state : List.of("23505", "42P01", "22001")) {
            assertThat(StorageFailures.translate("testing", new SQLException("x", state)))
                    .as(state).isNotInstanceOf(StorageUnavailableException.class);
        }
        // Micronaut Data (websites, credentials) wraps the driver's exception: the wrapped SQLException decides
        RuntimeException wrapped = new RuntimeException("repository failed", new SQLException("x", "08006"));
        assertThatThrownBy(() -> StorageFailures.translating("testing", () -> {
            throw wrapped;
        })).isInstanceOf(StorageUnavailableException.class);
        RuntimeException wrappedError = new RuntimeException("repository failed", new SQLException("x", "23505"));
        assertThatThrownBy(() -> StorageFailures.translating("testing", () -> {
            throw wrappedError;
        })).isInstanceOf(IllegalStateException.class).hasCause(wrappedError.getCause());
        IllegalArgumentException unrelated = new IllegalArgumentException("no SQL in here");
        assertThatThrownBy(() -> StorageFailures.translating("testing", () -> {
            throw unrelated;
        })).isSameAs(unrelated);
    }
}
