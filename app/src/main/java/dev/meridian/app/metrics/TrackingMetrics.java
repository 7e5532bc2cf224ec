package dev.meridian.app.metrics;

import dev.meridian.ports.error.MeridianException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@value #TRACKED}{type, outcome}: every event the tracking use case was asked to record, by its type (a wire
 * name of {@link EventType}, or {@code invalid}) and what became of it ({@link Outcome}). Wraps the
 * {@link TrackEvent} bean as it is created, so core stays free of Micrometer. Every counter is made at start-up:
 * recording is one array look-up and one increment, nothing allocated per event.
 *
 * <p>Bodies refused before they are an event (not JSON, too large, rate-limited) never reach the use case: they
 * are counted by {@link RefusalMetricsFilter} only.
 */
@Context // its meters exist (at zero) from start-up, before the first use
public class TrackingMetrics implements BeanCreatedEventListener<TrackEvent> {

    static final String TRACKED = "meridian.events.tracked";
    static final String INVALID_TYPE = "invalid";

    /** What became of an event. */
    enum Outcome {
        /** Committed to storage. */
        STORED,
        /** Answered 200 but dropped: a robot's User-Agent. */
        ROBOT,
        /** Broke a rule, or named an unknown website: 4xx, nothing stored. */
        REFUSED,
        /** Storage unavailable: 503, nothing stored. */
        UNAVAILABLE,
        /** An unexpected failure: 500. */
        FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final EventType[] TYPES = EventType.values();

    /** [type ordinal, or TYPES.length for invalid][outcome ordinal]. */
    private final Counter[][] counters = new Counter[TYPES.length + 1][Outcome.values().length];

    public TrackingMetrics(MeterRegistry registry) {
        for (int type = 0; type <= TYPES.length; type++) {
            String typeLabel = type < TYPES.length ? TYPES[type].wireName() : INVALID_TYPE;
            for (Outcome outcome : Outcome.values()) {
                counters[type][outcome.ordinal()] = Counter.builder(TRACKED)
                        .description("Events the tracking use case was asked to record, by type and outcome")
                        .tag("type", typeLabel)
                        .tag("outcome", outcome.label())
                        .register(registry);
            }
        }
    }

    @Override
    public TrackEvent onCreated(BeanCreatedEvent<TrackEvent> event) {
        TrackEvent tracking = event.getBean();
        return new TrackEvent() {
            @Override
            public TrackResult track(TrackCommand command) {
                return TrackingMetrics.this.track(tracking, command);
            }

            @Override
            public CompletionStage<TrackResult> trackAsync(TrackCommand command) {
                return TrackingMetrics.this.trackAsync(tracking, command);
            }
        };
    }

    private CompletionStage<TrackResult> trackAsync(TrackEvent tracking, TrackCommand command) {
        CompletionStage<TrackResult> stage;
        try {
            stage = tracking.trackAsync(command);
        } catch (RuntimeException e) {
            count(command, outcomeOf(e));
            throw e;
        }
        return stage.whenComplete((result, failure) -> count(command, failure == null
                ? (result.stored() ? Outcome.STORED : Outcome.ROBOT)
                : outcomeOf(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure)));
    }

    private static Outcome outcomeOf(Throwable failure) {
        if (failure instanceof StorageUnavailableException) {
            return Outcome.UNAVAILABLE;
        }
        if (failure instanceof MeridianException) {
            return Outcome.REFUSED; // invalid input, unknown website, tracking not allowed
        }
        return Outcome.FAILED;
    }

    private void count(TrackCommand command, Outcome outcome) {
        counters[typeIndex(command.type())][outcome.ordinal()].increment();
    }

    private TrackResult track(TrackEvent tracking, TrackCommand command) {
        Outcome outcome = Outcome.FAILED;
        try {
            TrackResult result = tracking.track(command);
            outcome = result.stored() ? Outcome.STORED : Outcome.ROBOT;
            return result;
        } catch (StorageUnavailableException e) {
            outcome = Outcome.UNAVAILABLE;
            throw e;
        } catch (MeridianException e) {
            outcome = Outcome.REFUSED; // invalid input, unknown website, tracking not allowed
            throw e;
        } finally {
            counters[typeIndex(command.type())][outcome.ordinal()].increment();
        }
    }

    private static int typeIndex(String wireName) {
        if (wireName != null) {
            for (int i = 0; i < TYPES.length; i++) {
                if (TYPES[i].wireName().equals(wireName)) {
                    return i;
                }
            }
        }
        return TYPES.length;
    }
}
