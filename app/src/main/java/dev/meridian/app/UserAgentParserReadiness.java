package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness of User-Agent parsing: DOWN while the {@link BackgroundLoadedDeviceDetector} is still loading (a
 * tracking request would wait for it) or failed to load, UP once loaded or when no parser is used
 * ({@code meridian.enrichment.enabled=false}). Reads the detector's state; how it loads is its own business.
 */
@Singleton
@Readiness
public class UserAgentParserReadiness implements HealthIndicator {

    static final String NAME = "userAgentParser";

    private final DeviceDetector detector;

    public UserAgentParserReadiness(DeviceDetector detector) {
        this.detector = detector;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = !(detector instanceof BackgroundLoadedDeviceDetector loading) || loading.isReady();
        return Publishers.just(HealthResult.builder(NAME, ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("state", ready ? "loaded" : "loading (or failed to load: see the log)"))
                .build());
    }
}
