package dev.meridian.app;

import dev.meridian.core.Meridian;
import dev.meridian.core.revenue.CurrencyRates;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.ProvisionAdminToken;
import dev.meridian.ports.in.RecordGoal;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.WatchRealtimeMap;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.MapChangeFeed;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Wires core's use cases to the driven ports the configuration selects: the storage adapter
 * ({@code meridian.storage}), enrichment, and the clock.
 */
@Factory
public class MeridianFactory {

    /** {@code meridian.storage=memory}: everything in memory, nothing survives a restart. */
    @Singleton
    @Bean(typed = {EventLog.class, Visitors.class, Payments.class, ConversionHistory.class, Websites.class,
            Credentials.class, RobotCounts.class})
    @Requires(property = "meridian.storage", value = "memory")
    InMemoryStore inMemoryStore() {
        return new InMemoryStore();
    }

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock systemClock() {
        return Clock.system();
    }

    /**
     * {@code meridian.currency-rates} ({@code MERIDIAN_CURRENCY_RATES}): {@code EUR=1.08,GBP=1.27}, what one unit
     * is worth in {@code meridian.currency-reference} (default {@code USD}). A malformed table stops start-up.
     */
    @Singleton
    CurrencyRates currencyRates(@Value("${meridian.currency-reference:USD}") String reference,
            @Value("${meridian.currency-rates:}") String table) {
        return CurrencyRates.parse(reference, table);
    }

    /**
     * Closed before the storage it depends on (Micronaut destroys a bean before the beans it was built from), so the
     * robot counts not stored yet are stored at shutdown. {@code meridian.robots.flush-interval} (default 5s): how
     * often they are stored otherwise.
     */
    @Singleton
    @Bean(preDestroy = "close")
    Meridian meridian(EventLog eventLog, Visitors visitors, Payments payments, ConversionHistory history,
            Websites websites, Credentials credentials, RobotCounts robotCounts, GeoLocator geoLocator,
            DeviceDetector deviceDetector, Clock clock,
            @Value("${meridian.realtime-window:10m}") Duration realtimeWindow,
            @Value("${meridian.robots.flush-interval:5s}") Duration robotFlushInterval,
            @Value("${meridian.import.batch-size:20000}") int importBatchSize,
            @Value("${meridian.import.writers:2}") int importWriters,
            CurrencyRates currencyRates, @Nullable ImportSink importSink, @Nullable MapChangeFeed mapChangeFeed) {
        Meridian.Builder builder = Meridian.builder()
                .storage(eventLog, visitors, payments, history, websites, credentials)
                .robotCounts(robotCounts)
                .robotFlushInterval(robotFlushInterval);
        if (importSink != null) {
            builder.importSink(importSink); // PostgreSQL's bulk path; the in-memory store is its own
        }
        if (mapChangeFeed != null) {
            builder.mapChangeFeed(mapChangeFeed); // PostgreSQL: streams hear what other nodes and imports store
        }
        return builder
                .geoLocator(geoLocator)
                .deviceDetector(deviceDetector)
                .clock(clock)
                .realtimeWindow(realtimeWindow)
                .currencyRates(currencyRates)
                .importBatchSize(importBatchSize)
                .importWriters(importWriters)
                .build();
    }

    @Singleton
    TrackEvent trackEvent(Meridian meridian) {
        return meridian.trackEvent();
    }

    @Singleton
    GetRealtimeMap getRealtimeMap(Meridian meridian) {
        return meridian.realtimeMap();
    }

    @Singleton
    ManageWebsites manageWebsites(Meridian meridian) {
        return meridian.websites();
    }

    @Singleton
    ManageAccountTokens manageAccountTokens(Meridian meridian) {
        return meridian.accountTokens();
    }

    @Singleton
    ProvisionAdminToken provisionAdminToken(Meridian meridian) {
        return meridian.adminToken();
    }

    @Singleton
    ImportHistory importHistory(Meridian meridian) {
        return meridian.importHistory();
    }

    /** Robot requests per website, shown in the admin listing of websites. */
    @Singleton
    CountRobots countRobots(Meridian meridian) {
        return meridian.robots();
    }

    @Singleton
    Authenticate authenticate(Meridian meridian) {
        return meridian.authenticate();
    }

    /** What the realtime stream listens to: the changes this Meridian publishes. */
    @Singleton
    WatchRealtimeMap watchRealtimeMap(Meridian meridian) {
        return meridian.watchRealtimeMap();
    }

    @Singleton
    RecordPayment recordPayment(Meridian meridian) {
        return meridian.recordPayment();
    }

    @Singleton
    RecordGoal recordGoal(Meridian meridian) {
        return meridian.recordGoal();
    }

    @Singleton
    Identify identify(Meridian meridian) {
        return meridian.identify();
    }
}
