package dev.meridian.core.scoring;

import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.ConversionHistory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Each website's conversion model, built from its {@link ConversionHistory} on first need and rebuilt at most
 * every {@link ScoringSettings#refreshInterval()} (docs/scoring.md §6).
 *
 * <ul>
 *   <li>The first call for a website builds its model on the calling thread; calls that arrive while that first
 *       build runs get no model rather than wait.</li>
 *   <li>Once the model is older than the refresh interval, the next call hands a rebuild to the executor and
 *       returns the previous model; so do all calls until the rebuild is done. At most one build per website
 *       runs at a time.</li>
 *   <li>A build that fails keeps the previous model (or none) and is tried again after the refresh interval.</li>
 *   <li>Training window: visitors whose first pageview lies in {@code [now − lookbackDays, now)}.</li>
 * </ul>
 */
public final class RefreshingConversionModels implements ConversionModels {

    private static final System.Logger LOG = System.getLogger(RefreshingConversionModels.class.getName());

    private final ConversionHistory history;
    private final Clock clock;
    private final Function<String, ScoringSettings> settingsOf;
    private final Function<ScoringSettings, ScoringRules> rulesOf;
    private final Executor executor;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** With the rules of docs/scoring.md, tuned per website by {@code settingsOf}. */
    public RefreshingConversionModels(ConversionHistory history, Clock clock,
            Function<String, ScoringSettings> settingsOf, Executor executor) {
        this(history, clock, settingsOf, ScoringRules::standard, executor);
    }

    /** With rules of the caller's choosing; {@code rulesOf} is asked once per build. */
    public RefreshingConversionModels(ConversionHistory history, Clock clock,
            Function<String, ScoringSettings> settingsOf, Function<ScoringSettings, ScoringRules> rulesOf,
            Executor executor) {
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settingsOf = Objects.requireNonNull(settingsOf, "settingsOf");
        this.rulesOf = Objects.requireNonNull(rulesOf, "rulesOf");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Optional<ConversionModel> forWebsite(String websiteId) {
        Objects.requireNonNull(websiteId, "websiteId");
        Slot slot = slots.computeIfAbsent(websiteId, id -> new Slot());
        Build last = slot.last;
        if (last == null) {
            if (slot.building.compareAndSet(false, true)) {
                try {
                    if (slot.last == null) {
                        build(websiteId, slot);
                    }
                } finally {
                    slot.building.set(false);
                }
            }
            last = slot.last;
            return last == null ? Optional.empty() : Optional.ofNullable(last.model);
        }
        if (!clock.now().isBefore(last.due) && slot.building.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        build(websiteId, slot);
                    } finally {
                        slot.building.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                slot.building.set(false);
                LOG.log(Level.WARNING, "conversion model rebuild of website " + websiteId + " not started", e);
            }
        }
        return Optional.ofNullable(last.model);
    }

    /** Forgets a website's model (e.g. when the website is deleted); the next call builds it afresh. */
    public void forget(String websiteId) {
        slots.remove(websiteId);
    }

    private void build(String websiteId, Slot slot) {
        Instant now = clock.now();
        Build previous = slot.last;
        Duration interval = previous == null ? ScoringSettings.defaults().refreshInterval() : previous.interval;
        try {
            ScoringSettings settings = Objects.requireNonNull(settingsOf.apply(websiteId), "settings");
            interval = settings.refreshInterval();
            ScoringRules rules = Objects.requireNonNull(rulesOf.apply(settings), "rules");
            List<SegmentCount> rows = history.segments(websiteId, now.minus(settings.lookback()), now);
            ConversionModel model = rules.fit(rows).orElse(null);
            slot.last = new Build(model, now.plus(interval), interval);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "conversion model of website " + websiteId
                    + " could not be built; keeping the previous one, retrying after " + interval, e);
            slot.last = new Build(previous == null ? null : previous.model, now.plus(interval), interval);
        }
    }

    /** A website's latest build. */
    private static final class Slot {
        final AtomicBoolean building = new AtomicBoolean();
        volatile Build last;
    }

    /**
     * The outcome of a build: its model ({@code null}: below the minimums, or never built successfully), when
     * the next one is due, and the refresh interval in force.
     */
    private record Build(ConversionModel model, Instant due, Duration interval) {
    }
}
