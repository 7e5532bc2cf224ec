package dev.meridian.http;

import static org.mockito.Mockito.mock;

import dev.meridian.core.map.MapChanges;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.CountRobots;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ListVisitors;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.RecordGoal;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.in.TrackEvent;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The use cases core implements, as Mockito mocks: the app module provides the real ones. Each test context
 * gets fresh mocks; tests reset them before each test.
 */
@Factory
public class UseCaseMocks {

    @Singleton
    TrackEvent trackEvent() {
        return mock(TrackEvent.class);
    }

    @Singleton
    Authenticate authenticate() {
        return mock(Authenticate.class);
    }

    @Singleton
    GetRealtimeMap getRealtimeMap() {
        return mock(GetRealtimeMap.class);
    }

    @Singleton
    GetVisitorJourney getVisitorJourney() {
        return mock(GetVisitorJourney.class);
    }

    @Singleton
    ListVisitors listVisitors() {
        return mock(ListVisitors.class);
    }

    @Singleton
    ManageWebsites manageWebsites() {
        return mock(ManageWebsites.class);
    }

    @Singleton
    ManageAccountTokens manageAccountTokens() {
        return mock(ManageAccountTokens.class);
    }

    @Singleton
    CountRobots countRobots() {
        return mock(CountRobots.class);
    }

    /** A plain core object, a real one: tests publish changes through it. */
    @Singleton
    MapChanges mapChanges() {
        return new MapChanges();
    }

    @Singleton
    RecordPayment recordPayment() {
        return mock(RecordPayment.class);
    }

    @Singleton
    RecordGoal recordGoal() {
        return mock(RecordGoal.class);
    }

    @Singleton
    Identify identify() {
        return mock(Identify.class);

    }

    @Singleton
    ImportHistory importHistory() {
        return mock(ImportHistory.class);
    }
}
