package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the remembered User-Agents ({@link RememberedUserAgents}) every {@code meridian.user-agent-remember-interval}
 * (so a killed server loses little) on a daemon thread of its own, started once the server listens, and once more
 * when the context stops.
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT)
@Requires(property = "meridian.enrichment.enabled", notEquals = StringUtils.FALSE)
public class RememberedUserAgentsSaving implements ApplicationEventListener<ServerStartupEvent> {

    private final RememberedUserAgents remembered;
    private final DeviceDetector detector;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public RememberedUserAgentsSaving(RememberedUserAgents remembered, DeviceDetector detector,
            @Value("${meridian.user-agent-remember-interval:5m}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("meridian.user-agent-remember-interval must be positive, got " + interval);
        }
        this.remembered = remembered;
        this.detector = detector;
        this.interval = interval;
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "remembered-user-agents");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> remembered.save(detector), millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void saveAtShutdown() {
        if (timer != null) {
            timer.shutdownNow();
        }
        remembered.save(detector);
    }
}
