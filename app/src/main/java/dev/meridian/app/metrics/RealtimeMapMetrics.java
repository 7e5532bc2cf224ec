package dev.meridian.app.metrics;

import dev.meridian.ports.in.GetRealtimeMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import java.time.Duration;

/**
 * {@value #MAP}: how long the realtime map use case takes to build one website's map, for the map route and for
 * every push of a live stream (failures included). Wraps the {@link GetRealtimeMap} bean as it is created.
 */
@Context // its meters exist (at zero) from start-up, before the first use
public class RealtimeMapMetrics implements BeanCreatedEventListener<GetRealtimeMap> {

    static final String MAP = "meridian.realtime.map";

    private final Timer timer;

    public RealtimeMapMetrics(MeterRegistry registry) {
        this.timer = Timer.builder(MAP)
                .description("Time to build one website's realtime map (the map route and live-stream pushes)")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2))
                .register(registry);
    }

    @Override
    public GetRealtimeMap onCreated(BeanCreatedEvent<GetRealtimeMap> event) {
        GetRealtimeMap maps = event.getBean();
        return (websiteId, limit) -> timer.record(() -> maps.forWebsite(websiteId, limit));
    }
}
