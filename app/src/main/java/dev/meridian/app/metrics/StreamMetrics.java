package dev.meridian.app.metrics;

import dev.meridian.http.realtime.RealtimeStreamController;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

/**
 * {@value #STREAMS}: live-map streams ({@code GET /api/v1/analytics/realtime/stream}) open on this node. The
 * controller is looked up when the gauge is read, not when the registry is built (the controller needs the use
 * cases, which need the storage, which registers its meters in the registry).
 */
@Singleton
public class StreamMetrics implements MeterBinder {

    static final String STREAMS = "meridian.realtime.streams";

    private final BeanProvider<RealtimeStreamController> streams;

    public StreamMetrics(BeanProvider<RealtimeStreamController> streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(STREAMS, this, metrics -> metrics.streams.get().openStreams())
                .description("Live-map streams open on this node")
                .register(registry);
    }
}
