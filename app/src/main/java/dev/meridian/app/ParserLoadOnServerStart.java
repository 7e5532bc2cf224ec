package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * Starts the User-Agent parser's load once the server listens when remembered classifications let it wait
 * ({@link BackgroundLoadedDeviceDetector#remembering}): the load then no longer competes with the server's start for
 * the CPU. A load already under way is left alone.
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT)
public class ParserLoadOnServerStart implements ApplicationEventListener<ServerStartupEvent> {

    private final DeviceDetector detector;

    public ParserLoadOnServerStart(DeviceDetector detector) {
        this.detector = detector;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (detector instanceof BackgroundLoadedDeviceDetector loading) {
            loading.startLoading();
        }
    }
}
