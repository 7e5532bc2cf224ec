package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.MapChangeFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two storages on one database stand for two nodes: what one commits, the other's {@link MapChangeFeed} hears,
 * once per committed write and never for a rolled-back one; a listener whose connection is cut connects again.
 */
class MapChangeFeedOnPostgresTest {

    /** What the listener heard: website ids, or "*" for any. */
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private PostgresStorage nodeA;
    private PostgresStorage nodeB;
    private Meridian meridianB;
    private MapChangeFeed.Subscription subscription;
    private Website website;

    @BeforeEach
    void twoNodes() throws Exception {
        nodeA = TestDatabase.storage();
        EmbeddedDatabase db = TestDatabase.server();
        nodeB = PostgresStorage.open(StorageSettings.external(db.jdbcUrl(), db.user(), db.password())
                .withPool(3, 1, 64));
        meridianB = Meridian.builder()
                .storage(nodeB)
                .conversionModels(history -> ConversionModels.NONE)
                .build();
        website = meridianB.websites().create(new NewWebsite("feed.example", null, null, null));
        subscription = nodeA.mapChangeFeed().orElseThrow().listen(new MapChangeFeed.Listener() {
            @Override
            public void changed(Set<String> websiteIds) {
                heard.addAll(websiteIds);
            }

            @Override
            public void anyChanged() {
                heard.add("*");
            }
        });
        awaitListening();
        heard.clear();
    }

    @AfterEach
    void closeNodeB() {
        subscription.close();
        meridianB.close();
        nodeB.close();
    }

    @Test
    void anEventAPaymentARefundAndAnIdentifyStoredOnOneNodeAreEachHeardOnTheOther() throws Exception {
        String visitor = UUID.randomUUID().toString();
        meridianB.trackEvent().track(new TrackCommand(website.trackingId(), "feed.example", "https://feed.example/",
                null, visitor, "s" + UUID.randomUUID(), "pageview", Map.of(), false, "203.0.113.9", "Firefox/127.0"));
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the pageview's batch").isEqualTo(website.id());

        meridianB.recordPayment().record(new PaymentCommand(website.id(), "49", "USD", "tx-1", visitor, null, null,
                null, false, false, null));
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the payment").isEqualTo(website.id());
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the visitor's customer info").isEqualTo(website.id());

        meridianB.recordPayment().record(new PaymentCommand(website.id(), "49", "USD", "tx-1", visitor, null, null,
                null, false, true, null));
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the refund").isEqualTo(website.id());
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the visitor's customer info").isEqualTo(website.id());

        meridianB.identify().identify(new IdentifyCommand(website.id(), visitor, Map.of("user_id", "u1")));
        assertThat(heard.poll(2, TimeUnit.SECONDS)).as("the identify call").isEqualTo(website.id());
        assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
    }

    @Test
    void aRolledBackTransactionNotifiesNothingACommittedOneOnce() throws Exception {
        try (Connection c = nodeB.dataSource().getConnection()) {
            c.setAutoCommit(false);
            MapNotifications.send(c, List.of("rolled-back"));
            c.rollback();
            MapNotifications.send(c, List.of("committed", "committed"));
            c.commit();
        }
        assertThat(heard.poll(2, TimeUnit.SECONDS)).isEqualTo("committed");
        assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aListenerWhoseConnectionIsCutConnectsAgainSaysAnyWebsiteChangedAndHearsWhatFollows() throws Exception {
        try (Connection c = nodeB.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'meridian-listen'");
        }
        assertThat(heard.poll(10, TimeUnit.SECONDS)).as("changes may have been missed meanwhile").isEqualTo("*");
        awaitListening();

        try (Connection c = nodeB.dataSource().getConnection()) {
            MapNotifications.send(c, List.of(website.id())); // auto-commit: its own transaction
        }
        assertThat(heard.poll(2, TimeUnit.SECONDS)).isEqualTo(website.id());
    }

    private void awaitListening() throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!((MapChangeListener) nodeA.mapChangeFeed().orElseThrow()).listening() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(((MapChangeListener) nodeA.mapChangeFeed().orElseThrow()).listening()).isTrue();
    }
}
