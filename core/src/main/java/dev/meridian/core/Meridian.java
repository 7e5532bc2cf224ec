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
import dev.meridian.core.tracking.RobotTally;
import dev.meridian.core.tracking.SessionRule;
import dev.meridian.core.visitors.VisitorJourneyQuery;
import dev.meridian.core.visitors.VisitorListQuery;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.GetVisitorJourney;
import dev.meridian.ports.in.Identify;
import dev.meridian.ports.in.ListVisitors;
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
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Meridian's use cases wired to a set of driven ports: what a JVM service embeds, and what the server's
 * HTTP adapter calls. Build it with {@link #builder()}; every use case is thread-safe. {@link #close()} stores the
 * robot counts not stored yet (they are stored every few seconds otherwise).
 *
 * <pre>{@code
 * Meridian meridian = Meridian.builder().storage(new InMemoryStore()).build();
 * }</pre>
 */
public final class Meridian implements AutoCloseable {

    private final EventTracking tracking;
    private final RealtimeMapQuery realtimeMap;
    private final VisitorJourneyQuery visitorJourney;
    private final VisitorListQuery visitorList;
    private final WebsiteAdministration administration;
    private final AccountTokenAdministration accountTokens;
    private final CredentialCheck credentialCheck;
    private final RobotTally robots;
    private final RobotTally.Flushing robotFlushing;
    private final MapChanges mapChanges;
    private final PaymentRecording payments;
    private final BackendEvents backendEvents;
    private final HistoryImport historyImport;
    private final OwnThreads threads = new OwnThreads();
    /** What this instance hears of the storage's {@link MapChangeFeed}; null without one. */
    private final MapChangeFeed.Subscription feed;

    private Meridian(Builder b) {
        ObjectIds ids = new ObjectIds();
        Storage storage = b.storage;
        EventLog eventLog = storage.eventLog();
        Visitors visitors = storage.visitors();
        Payments storedPayments = storage.payments();
        ConversionHistory conversionHistory = storage.conversionHistory();
        Websites websites = storage.websites();
        Credentials credentials = storage.credentials();
        ImportSink importSink = storage.importSink().orElse(null);
        this.robots = new RobotTally(storage.robotCounts().orElseGet(InMemoryRobotCounts::new), b.clock);
        this.mapChanges = new MapChanges();
        this.tracking = new EventTracking(websites, eventLog, b.geoLocator, b.deviceDetector, b.clock, ids,
                new SessionRule(b.sessionIdleTimeout), new CookielessVisitors(), robots, mapChanges);
        ConversionModels models = b.conversionModels != null
                ? b.conversionModels.apply(conversionHistory)
                : new RefreshingConversionModels(conversionHistory, b.clock, b.scoringSettings,
                        b.modelExecutor != null ? b.modelExecutor : threads.modelBuilds());
        this.realtimeMap = new RealtimeMapQuery(websites, visitors, eventLog, storedPayments, models, b.clock,
                b.realtimeWindow);
        this.visitorJourney = new VisitorJourneyQuery(websites, storage.visitorHistory(), models, b.clock, robots);
        this.visitorList = new VisitorListQuery(websites, storage.visitorHistory(), b.clock);
        this.administration = new WebsiteAdministration(websites, credentials, b.clock, ids);
        this.accountTokens = new AccountTokenAdministration(credentials, websites, b.clock, ids);
        this.credentialCheck = new CredentialCheck(credentials, websites);
        this.payments = new PaymentRecording(websites, visitors, storedPayments, b.currencyRates, b.clock, ids, mapChanges,
                storage.customerUpdates().orElse(null));
        this.backendEvents = new BackendEvents(websites, visitors, eventLog, b.clock, ids, mapChanges);
        this.historyImport = importSink == null ? null : new HistoryImport(websites, importSink,
                payments,
                b.geoLocator, b.deviceDetector, b.clock, new SessionRule(b.sessionIdleTimeout), robots,
                b.importBatchSize, b.importWriters, mapChanges);
        this.feed = storage.mapChangeFeed().map(feed -> feed.listen(new MapChangeFeed.Listener() {
            @Override
            public void changed(Set<String> websiteIds) {
                websiteIds.forEach(mapChanges::publish);
            }

            @Override
            public void anyChanged() {
                mapChanges.publishAll();
            }
        })).orElse(null);
        // last: the first thing that starts a thread
        this.robotFlushing = robots.flushEvery(b.robotFlushInterval, threads.robotFlushes());
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

    /** One visitor's journey (API.md §9.1): {@code meridian.visitorJourney().forVisitor(websiteId, visitorId)}. */
    public GetVisitorJourney visitorJourney() {
        return visitorJourney;
    }

    /** A website's visitors, filtered, page by page (API.md §9.2). */
    public ListVisitors visitorList() {
        return visitorList;
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
     * @throws IllegalStateException when the storage has none ({@link Storage#importSink()} is empty)
     */
    public ImportHistory importHistory() {
        if (historyImport == null) {
            throw new IllegalStateException("this storage cannot import history: its importSink() is empty");
        }
        return historyImport;
    }

    /**
     * Robot requests answered but not stored as events, per website: those stored through the storage's
     * {@link RobotCounts} plus those counted since the last flush.
     */
    public CountRobots robots() {
        return robots;
    }

    /**
     * Stops listening to the storage's {@link Storage#mapChangeFeed() map change feed}, stops storing robot counts
     * periodically and stores those not stored yet (logged when the storage fails), then
     * stops this instance's threads (robot-count flushing, conversion-model rebuilds), letting a running rebuild finish
     * for up to {@value OwnThreads#STOP_GRACE_SECONDS} seconds: when this returns, no thread of this instance runs. Call
     * it before closing the storage. The use cases stay usable: new robot counts stay in memory, and conversion models
     * are no longer rebuilt (unless the builder was given a {@link Builder#modelExecutor model executor}, which is
     * the caller's to stop). Idempotent.
     */
    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        robotFlushing.stop();
        threads.stop();
    }

    /**
     * Where to hear that a website's realtime map changed (after every stored event, payment, goal and identify
     * call): the changes this instance publishes.
     */
    public WatchRealtimeMap watchRealtimeMap() {
        return mapChanges;
    }

    /** Chooses the driven ports; storage is required, everything else has a default. */
    public static final class Builder {

        private Storage storage;
        private GeoLocator geoLocator = GeoLocator.NONE;
        private DeviceDetector deviceDetector = DeviceDetector.NONE;
        private Clock clock = Clock.system();
        private Function<ConversionHistory, ConversionModels> conversionModels;
        private Function<String, ScoringSettings> scoringSettings = websiteId -> ScoringSettings.defaults();
        private Executor modelExecutor;
        private Duration realtimeWindow = RealtimeMapQuery.DEFAULT_WINDOW;
        private Duration sessionIdleTimeout = SessionRule.DEFAULT_IDLE_TIMEOUT;
        private CurrencyRates currencyRates = CurrencyRates.none();
        private int importBatchSize = HistoryImport.DEFAULT_BATCH_SIZE;
        private int importWriters = HistoryImport.DEFAULT_WRITERS;
        private Duration robotFlushInterval = RobotTally.DEFAULT_FLUSH_INTERVAL;

        private Builder() {
        }

        /**
         * Where everything is stored: {@code new InMemoryStore()}, PostgreSQL's {@code PostgresStorage}, or your own
         * {@link Storage}. Its {@link Storage#importSink() import sink} makes {@link Meridian#importHistory()}
         * available, its {@link Storage#robotCounts() robot counts} keep robot counts across restarts, its
         * {@link Storage#mapChangeFeed() map change feed} lets live streams show what other processes stored.
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** How often robot counts are stored through the storage's {@link RobotCounts}; default 5 seconds. */
        public Builder robotFlushInterval(Duration interval) {
            this.robotFlushInterval = positive("robotFlushInterval", interval);
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

        /**
         * Where the default conversion model rebuilds run; default: a thread of this instance, which
         * {@link Meridian#close()} stops. An executor given here is not stopped by {@code close()}.
         */
        public Builder modelExecutor(Executor executor) {
            this.modelExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How far back a pageview makes a visitor active; default 10 minutes. */
        public Builder realtimeWindow(Duration window) {
            this.realtimeWindow = positive("realtimeWindow", window);
            return this;
        }

        /** Inactivity that ends a session; default 30 minutes. */
        public Builder sessionIdleTimeout(Duration idleTimeout) {
            this.sessionIdleTimeout = positive("sessionIdleTimeout", idleTimeout);
            return this;
        }

        /** @throws NullPointerException or IllegalArgumentException naming {@code setting} */
        private static Duration positive(String setting, Duration value) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, got " + value);
            }
            return value;
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
            if (storage == null) {
                throw new IllegalStateException("choose the storage: storage(new InMemoryStore()) or your own Storage");
            }
            return new Meridian(this);
        }
    }
}
