package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without remembered classifications, the server opens its HTTP port only once the User-Agent parser is loaded, so no
 * request ever waits for it: the first answer is a ready server. Micronaut starts the HTTP server after the context's
 * {@link StartupEvent}, which this listener holds until the parser's load (started by {@link Application#main}
 * alongside the context) is done; a load that failed stops start-up with its cause. Usually the load is done by then
 * and nothing waits. With classifications remembered from the last run ({@link RememberedUserAgents}) it holds
 * nothing: those User-Agents are answered at once, and the parser loads once the server listens
 * (docs/user-agents.md, "Loading").
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT) // the import command loads the parser only if a line needs it
public class ParserReadyBeforeListening implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ParserReadyBeforeListening.class);

    private final DeviceDetector detector;

    public ParserReadyBeforeListening(DeviceDetector detector) {
        this.detector = detector;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (detector instanceof BackgroundLoadedDeviceDetector loading && !loading.isReady()
                && !loading.answersBeforeLoaded()) {
            long start = System.nanoTime();
            loading.awaitLoaded();
            LOG.info("waited {} ms for the User-Agent parser before listening", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
