package dev.meridian.app.health;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.annotation.SingleResult;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import java.security.Principal;
import org.reactivestreams.Publisher;

/**
 * Micronaut's health endpoint, except that {@code GET /health} answers liveness (is the process able to serve at
 * all: {@link Liveness} indicators only) instead of every indicator. A liveness probe must not fail while the
 * server starts or its database is briefly away, or an orchestrator restarts a process that only needs time:
 * that is what {@code GET /health/readiness} (every other indicator, DOWN = 503) is for. {@code /health/liveness}
 * answers as {@code /health}.
 */
@Replaces(HealthEndpoint.class)
@Endpoint(value = HealthEndpoint.NAME, defaultSensitive = HealthEndpoint.DEFAULT_SENSITIVE)
public class LivenessHealthEndpoint extends HealthEndpoint {

    public LivenessHealthEndpoint(HealthAggregator<HealthResult> healthAggregator, HealthIndicator[] healthIndicators,
            @Liveness HealthIndicator[] livenessHealthIndicators) {
        super(healthAggregator, healthIndicators, livenessHealthIndicators);
    }

    @Override
    @Read
    @SingleResult
    public Publisher<HealthResult> getHealth(@Nullable Principal principal) {
        return getHealth(principal, HealthCheckType.LIVENESS);
    }
}
