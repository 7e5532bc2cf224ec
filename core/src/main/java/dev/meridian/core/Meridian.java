package dev.meridian.core;

import dev.meridian.core.access.CredentialCheck;
import dev.meridian.core.admin.AccountTokenAdministration;
import dev.meridian.core.admin.WebsiteAdministration;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.map.MapChanges;
import dev.meridian.core.map.RealtimeMapQuery;
import dev.meridian.core.revenue.CurrencyRates;
import dev.meridian.core.revenue.PaymentRecording;
import dev.meridian.core.scoring.ConversionModels;
import dev.meridian.core.scoring.RefreshingConversionModels;
import dev.meridian.core.scoring.ScoringSettings;
import dev.meridian.core.tracking.BackendEvents;
import dev.meridian.core.tracking.CookielessVisitors;
import dev.meridian.core.tracking.EventTracking;
import dev.meridian.core.tracking.HistoryImport;
import dev.meridian.core.revenue.ImportedPayments;
import dev.meridian.core.tracking.RobotTally;
import dev.meridian.core.tracking.SessionRule;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.Identify;
import dev.meridian.core.store.InMemoryRobotCounts;
import dev.meridian.ports.in.CountRobots;
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
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Meridian's use cases wired to a set of driven ports: what a JVM service embeds, and what the server's
 * HTTP adapter calls. Build it with {@link #builder()}; every use case is thread-safe. {@link #close()} stores the
 * robot counts not stored yet (they are stored every few seconds otherwise).
 *
 * <pre>{@code
 * Meridian meridian = Meridian.builder().store(new InMemoryStore()).build();
 * }</pre>
 */
public final class Meridian implements AutoCloseable {

    private final EventTracking tracking;
    private final RealtimeMapQuery realtimeMap;
    private final WebsiteAdministration administration;
    private final AccountTokenAdministration accountTokens;
    private final CredentialCheck credentialCheck;
    private final RobotTally robots;
    private final RobotTally.Flushing robotFlushing;
    private final MapChanges mapChanges;
    private final PaymentRecording payments;
    private final BackendEvents backendEvents;
    private final HistoryImport historyImport;
    /** What this instance hears of the storage's {@link MapChangeFeed}; null without one. */
    private final MapChangeFeed.Subscription feed;

    private Meridian(Builder b) {
        ObjectIds ids = new ObjectIds();
        this.robots = new RobotTally(b.robotCounts != null ? b.robotCounts : new InMemoryRobotCounts(), b.clock);
        this.robotFlushing = robots.flushEvery(b.robotFlushInterval);
        this.mapChanges = b.mapChanges;
        this.tracking = new EventTracking(b.websites, b.eventLog, b.geoLocator, b.deviceDetector, b.clock, ids,
                new SessionRule(b.sessionIdleTimeout), new CookielessVisitors(), robots, mapChanges);
        ConversionModels models = b.conversionModels != null
                ? b.conversionModels.apply(b.conversionHistory)
                : new RefreshingConversionModels(b.conversionHistory, b.clock, b.scoringSettings,
                        b.modelExecutor != null ? b.modelExecutor : ModelBuilds.EXECUTOR);
        this.realtimeMap = new RealtimeMapQuery(b.websites, b.visitors, b.eventLog, b.payments, models, b.clock,
                b.realtimeWindow);
        this.administration = new WebsiteAdministration(b.websites, b.credentials, b.clock, ids);
        this.accountTokens = new AccountTokenAdministration(b.credentials, b.websites, b.clock, ids);
        this.credentialCheck = new CredentialCheck(b.credentials, b.websites);
        this.payments = new PaymentRecording(b.websites, b.visitors, b.payments, b.currencyRates, b.clock, ids, mapChanges);
        this.backendEvents = new BackendEvents(b.websites, b.visitors, b.eventLog, b.clock, ids, mapChanges);
        this.historyImport = b.importSink == null ? null : new HistoryImport(b.websites, b.importSink,
                b.importedPayments != null ? b.importedPayments : payments,
                b.geoLocator, b.deviceDetector, b.clock, new SessionRule(b.sessionIdleTimeout), robots,
                b.importBatchSize, b.importWriters, mapChanges);
        this.feed = b.mapChangeFeed == null ? null : b.mapChangeFeed.listen(new MapChangeFeed.Listener() {
            @Override
            public void changed(Set<String> websiteIds) {
                websiteIds.forEach(mapChanges::publish);
            }

            @Override
            public void anyChanged() {
                mapChanges.publishAll();
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public TrackEvent trackEvent() {
        return tracking;
    }

    public GetRealtimeMap realtimeMap() {
        return realtimeMap;
    }

    public ManageWebsites websites() {
        return administration;
    }

    public ProvisionAdminToken adminToken() {
        return accountTokens;
    }

    /** Account tokens listed, issued and revoked by an account token (the admin API's {@code /tokens}). */
    public ManageAccountTokens accountTokens() {
        return accountTokens;
    }

    public Authenticate authenticate() {
        return credentialCheck;
    }

    /** Payments, free trials and refunds from the website's backend (API.md §5.1). */
    public RecordPayment recordPayment() {
        return payments;
    }

    /** Goals from the website's backend (API.md §4). */
    public RecordGoal recordGoal() {
        return backendEvents;
    }

    /** Identify calls from the website's backend (API.md §4). */
    public Identify identify() {
        return backendEvents;

    }

    /**
     * Imports history (API.md §7) through the storage's {@link ImportSink}.
     *
     * @throws IllegalStateException when the storage has none (see {@link Builder#importSink})
     */
    public ImportHistory importHistory() {
        if (historyImport == null) {
            throw new IllegalStateException("this storage cannot import history: give the builder an ImportSink");
        }
        return historyImport;
    }

    /**
     * Robot requests answered but not stored as events, per website: those stored through the builder's
     * {@link RobotCounts} plus those counted since the last flush.
     */
    public CountRobots robots() {
        return robots;
    }

    /**
     * Stops listening to the storage's {@link Builder#mapChangeFeed}, stops storing robot counts periodically and
     * stores those not stored yet (logged when the storage fails). Call it before closing the storage; the use cases stay usable, new robot counts then stay in memory. Idempotent.
     */
    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        robotFlushing.stop();
    }

    /**
     * Where to hear that a website's realtime map changed (after every stored event, payment, goal and identify
     * call): the changes this instance publishes, or those of the builder's {@link Builder#mapChanges}.
     */
    public WatchRealtimeMap watchRealtimeMap() {
        return mapChanges;
    }

    /** The one background thread that rebuilds conversion models unless the builder is given an executor. */
    private static final class ModelBuilds {
        static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "meridian-model-builds");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Chooses the driven ports; storage is required, everything else has a default. */
    public static final class Builder {

        private EventLog eventLog;
        private Visitors visitors;
        private Payments payments;
        private ConversionHistory conversionHistory;
        private Websites websites;
        private Credentials credentials;
        private GeoLocator geoLocator = GeoLocator.NONE;
        private DeviceDetector deviceDetector = DeviceDetector.NONE;
        private Clock clock = Clock.system();
        private Function<ConversionHistory, ConversionModels> conversionModels;
        private Function<String, ScoringSettings> scoringSettings = websiteId -> ScoringSettings.defaults();
        private Executor modelExecutor;
        private Duration realtimeWindow = RealtimeMapQuery.DEFAULT_WINDOW;
        private Duration sessionIdleTimeout = SessionRule.DEFAULT_IDLE_TIMEOUT;
        private MapChanges mapChanges = new MapChanges();
        private CurrencyRates currencyRates = CurrencyRates.none();
        private ImportSink importSink;
        private ImportedPayments importedPayments;
        private int importBatchSize = HistoryImport.DEFAULT_BATCH_SIZE;
        private int importWriters = HistoryImport.DEFAULT_WRITERS;
        private RobotCounts robotCounts;
        private MapChangeFeed mapChangeFeed;
        private Duration robotFlushInterval = RobotTally.DEFAULT_FLUSH_INTERVAL;

        private Builder() {
        }

        /** One object that implements every storage port, such as {@code InMemoryStore}. */
        public <S extends EventLog & Visitors & Payments & ConversionHistory & Websites & Credentials> Builder store(
                S store) {
            return storage(store, store, store, store, store, store);
        }

        /** Storage ports implemented separately. */
        public Builder storage(EventLog eventLog, Visitors visitors, Payments payments,
                ConversionHistory conversionHistory, Websites websites, Credentials credentials) {
            this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
            this.visitors = Objects.requireNonNull(visitors, "visitors");
            this.payments = Objects.requireNonNull(payments, "payments");
            this.conversionHistory = Objects.requireNonNull(conversionHistory, "conversionHistory");
            this.websites = Objects.requireNonNull(websites, "websites");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            if (importSink == null && eventLog instanceof ImportSink sink) {
                this.importSink = sink;
            }
            if (robotCounts == null && eventLog instanceof RobotCounts counts) {
                this.robotCounts = counts;
            }
            return this;
        }

        /**
         * Bulk writes for {@link Meridian#importHistory()}; default: the event log when it implements
         * {@link ImportSink} (the in-memory store and PostgreSQL do).
         */
        public Builder importSink(ImportSink importSink) {
            this.importSink = Objects.requireNonNull(importSink, "importSink");
            return this;
        }

        /**
         * Changes committed to the storage by any process sharing it (PostgreSQL's {@code LISTEN/NOTIFY}), passed
         * on to {@link Meridian#watchRealtimeMap()} so that live streams show what other nodes and imports stored;
         * default none: only this instance's own writes are heard. Listening stops in {@link Meridian#close()}.
         */
        public Builder mapChangeFeed(MapChangeFeed feed) {
            this.mapChangeFeed = Objects.requireNonNull(feed, "feed");
            return this;
        }

        /**
         * Where robot counts are stored; default: the event log when it implements {@link RobotCounts} (the
         * in-memory store does), else in memory only.
         */
        public Builder robotCounts(RobotCounts robotCounts) {
            this.robotCounts = Objects.requireNonNull(robotCounts, "robotCounts");
            return this;
        }

        /** How often robot counts are stored through {@link #robotCounts}; default 5 seconds. */
        public Builder robotFlushInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("robot flush interval must be positive, got " + interval);
            }
            this.robotFlushInterval = interval;
            return this;
        }

        /** Where imported payments go; default: the payments use case, which keeps customer info exact. */
        public Builder importedPayments(ImportedPayments importedPayments) {
            this.importedPayments = Objects.requireNonNull(importedPayments, "importedPayments");
            return this;
        }

        /** Events per bulk write of an import; default {@value HistoryImport#DEFAULT_BATCH_SIZE}. */
        public Builder importBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1");
            }
            this.importBatchSize = batchSize;
            return this;
        }

        /**
         * Concurrent bulk writes a batch of an import is split into, by visitor; default
         * {@value HistoryImport#DEFAULT_WRITERS} (batches of fewer than 1,000 events per writer are not split).
         */
        public Builder importWriters(int writers) {
            if (writers < 1) {
                throw new IllegalArgumentException("writers must be >= 1");
            }
            this.importWriters = writers;
            return this;
        }

        /** IP to location; default: every location unknown. */
        public Builder geoLocator(GeoLocator geoLocator) {
            this.geoLocator = Objects.requireNonNull(geoLocator, "geoLocator");
            return this;
        }

        /** User-Agent to system and robot flag; default: nothing recognised, nobody a robot. */
        public Builder deviceDetector(DeviceDetector deviceDetector) {
            this.deviceDetector = Objects.requireNonNull(deviceDetector, "deviceDetector");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the map's conversion models come from, given the history, replacing the default: the model of
         * docs/scoring.md per website, rebuilt in the background at most every refresh interval. Pass
         * {@code history -> ConversionModels.NONE} for no predictions at all.
         */
        public Builder conversionModels(Function<ConversionHistory, ConversionModels> conversionModels) {
            this.conversionModels = Objects.requireNonNull(conversionModels, "conversionModels");
            return this;
        }

        /** Settings of the default conversion model per website id; default: docs/scoring.md's defaults. */
        public Builder scoringSettings(Function<String, ScoringSettings> settingsOfWebsite) {
            this.scoringSettings = Objects.requireNonNull(settingsOfWebsite, "settingsOfWebsite");
            return this;
        }

        /** Where the default conversion model rebuilds run; default: one shared daemon thread. */
        public Builder modelExecutor(Executor executor) {
            this.modelExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How far back a pageview makes a visitor active; default 10 minutes. */
        public Builder realtimeWindow(Duration window) {
            this.realtimeWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Inactivity that ends a session; default 30 minutes. */
        public Builder sessionIdleTimeout(Duration idleTimeout) {
            this.sessionIdleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /** Change notifications to publish to; default: a new {@link MapChanges} of this instance. */
        public Builder mapChanges(MapChanges mapChanges) {
            this.mapChanges = Objects.requireNonNull(mapChanges, "mapChanges");
            return this;
        }

        /**
         * Exchange rates for revenue in another currency than a website's; default: none (such payments count
         * as conversions but add no revenue, logged once per currency).
         */
        public Builder currencyRates(CurrencyRates rates) {
            this.currencyRates = Objects.requireNonNull(rates, "rates");
            return this;
        }

        public Meridian build() {
            if (eventLog == null) {
                throw new IllegalStateException("choose the storage: store(new InMemoryStore()) or storage(...)");
            }
            return new Meridian(this);
        }
    }
}
