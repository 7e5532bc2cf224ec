package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.CustomerUpdates;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A customer's info is computed from the payments read while the visitor's row is locked: a refresh that has to
 * wait for the row (another node, or an import, holds it) reads the payments committed while it waited, so it
 * cannot store a summary older than one stored before it.
 */
class CustomerUpdatesOnPostgresTest {

    @Test
    void aRefreshWaitingForTheVisitorsRowReadsThePaymentCommittedWhileItWaited() throws Exception {
        PostgresStorage storage = TestDatabase.storage();
        Meridian meridian = Meridian.builder()
                .storage(storage)
                .conversionModels(history -> ConversionModels.NONE)
                .build();
        Website website = meridian.websites().create(new NewWebsite("customers.example", null, null, null));
        String visitor = UUID.randomUUID().toString();
        meridian.trackEvent().track(new TrackCommand(website.trackingId(), "customers.example",
                "https://customers.example/", null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false,
                "203.0.113.9", "Firefox/127.0"));
        assertThat(storage.payments().record(payment(website, visitor, "tx-1", "10"))).isTrue();
        List<Integer> paymentsSeen = new CopyOnWriteArrayList<>();

        CompletableFuture<Map<String, VisitorState>> refresh;
        try (Connection holder = storage.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from visitors where website_id = ? and visitor_id = ? for update")) {
                lock.setString(1, website.id());
                lock.setString(2, visitor);
                lock.executeQuery().close();
            }
            refresh = CompletableFuture.supplyAsync(() -> ((CustomerUpdates) storage.visitors()).updateCustomers(website.id(),
                    List.of(visitor), payments -> {
                        paymentsSeen.add(payments.size());
                        BigDecimal revenue = payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                        return new CustomerInfo(true, null, null, revenue);
                    }));
            awaitWaitingForALock(storage);
            // committed while the refresh waits for the row: a refresh that read the payments first would miss it
            assertThat(storage.payments().record(payment(website, visitor, "tx-2", "20"))).isTrue();
            holder.commit();
        }

        Map<String, VisitorState> updated = refresh.get(10, TimeUnit.SECONDS);
        assertThat(paymentsSeen).containsExactly(2);
        assertThat(updated.get(visitor).customer().revenue()).isEqualByComparingTo("30");
        assertThat(storage.visitors().find(website.id(), visitor).orElseThrow().customer().revenue())
                .isEqualByComparingTo("30");
        meridian.close();
    }

    @Test
    void visitorsThatDoNotExistAreLeftOutAndNothingIsComputedForThem() {
        PostgresStorage storage = TestDatabase.storage();
        List<String> computed = new CopyOnWriteArrayList<>();

        Map<String, VisitorState> updated = ((CustomerUpdates) storage.visitors()).updateCustomers("no-such-website",
                List.of("nobody"), payments -> {
                    computed.add("called");
                    return CustomerInfo.NONE;
                });

        assertThat(updated).isEmpty();
        assertThat(computed).isEmpty();
    }

    private static Payment payment(Website website, String visitor, String transactionId, String amount) {
        return new Payment(UUID.randomUUID().toString().replace("-", "").substring(0, 24), website.id(),
                transactionId, new BigDecimal(amount), "USD", Instant.now(), visitor, null, null, null, false, false);
    }

    private static void awaitWaitingForALock(PostgresStorage storage) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection c = storage.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity "
                            + "where wait_event_type = 'Lock' and query like '%for update%'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the refresh never waited for the visitor's row");
    }
}
