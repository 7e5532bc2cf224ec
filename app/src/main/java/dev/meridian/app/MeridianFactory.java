package dev.meridian.app;

import dev.meridian.core.Meridian;
import dev.meridian.core.revenue.CurrencyRates;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ListVisitors;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.ProvisionAdminToken;
import dev.meridian.ports.in.RecordGoal;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.WatchRealtimeMap;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Wires core's use cases to the driven ports the configuration selects: the {@link Storage} ({@code meridian.storage}),
 * enrichment, and the clock.
 */
@Factory
public class MeridianFactory {

    /**
     * {@code meridian.storage=memory}: everything in memory, nothing survives a restart. Otherwise the storage bean is
     * adapter-postgres's ({@code PostgresStorageFactory}).
     */
    @Singleton
    @Requires(property = "meridian.storage", value = "memory")
    Storage inMemoryStore() {
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
    Meridian meridian(Storage storage, GeoLocator geoLocator, DeviceDetector deviceDetector, Clock clock,
            @Value("${meridian.realtime-window:10m}") Duration realtimeWindow,
            @Value("${meridian.robots.flush-interval:5s}") Duration robotFlushInterval,
            @Value("${meridian.import.batch-size:20000}") int importBatchSize,
            @Value("${meridian.import.writers:2}") int importWriters,
            CurrencyRates currencyRates) {
        return Meridian.builder()
                .storage(storage)
                .robotFlushInterval(robotFlushInterval)
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
    GetVisitorJourney getVisitorJourney(Meridian meridian) {
        return meridian.visitorJourney();
    }

    @Singleton
    ListVisitors listVisitors(Meridian meridian) {
        return meridian.visitorList();
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
