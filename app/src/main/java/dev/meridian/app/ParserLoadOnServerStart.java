package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the User-Agent parser's load once the server listens when remembered classifications let it wait
 * ({@link BackgroundLoadedDeviceDetector#remembering}): the load then no longer competes with the server's start for
 * the CPU. It starts {@code meridian.user-agent-load-delay} (1 s) after the server listens, so the first requests of a
 * restarted server (clients retrying what they could not send while it was down) are answered before the load takes
 * a core and the JIT's attention for a second or two; a User-Agent that is not remembered starts it at once (and waits
 * for it). A load already under way is left alone.
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT)
public class ParserLoadOnServerStart implements ApplicationEventListener<ServerStartupEvent> {

    private final DeviceDetector detector;
    private final Duration delay;

    @Inject
    public ParserLoadOnServerStart(DeviceDetector detector,
            @Value("${meridian.user-agent-load-delay:1s}") Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("meridian.user-agent-load-delay must not be negative: " + delay);
        }
        this.detector = detector;
        this.delay = delay;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (detector instanceof BackgroundLoadedDeviceDetector loading && !loading.isReady()) {
            if (delay.isZero()) {
                loading.startLoading();
            } else {
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(loading::startLoading); // starting it only starts the loader's own thread
            }
        }
    }
}
