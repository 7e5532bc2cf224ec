package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without remembered classifications, the server opens its HTTP port only once the User-Agent parser is loaded, so no
 * request ever waits for it: the first answer is a ready server. This listener waits for the parser's load (started by
 * {@link Application#main} alongside the context) once Micronaut has built the HTTP server and before it makes it
 * listen, so the server's build runs alongside the load; a load that failed stops start-up with its cause. Usually the load is done by then
 * and nothing waits. With classifications remembered from the last run ({@link RememberedUserAgents}) it holds
 * nothing: those User-Agents are answered at once, and the parser loads once the server listens
 * (docs/user-agents.md, "Loading").
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT) // the import command loads the parser only if a line needs it
public class ParserReadyBeforeListening implements BeanCreatedEventListener<EmbeddedServer> {

    private static final Logger LOG = LoggerFactory.getLogger(ParserReadyBeforeListening.class);

    private final DeviceDetector detector;

    public ParserReadyBeforeListening(DeviceDetector detector) {
        this.detector = detector;
    }

    @Override
    public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
        awaitParser();
        return event.getBean();
    }

    /** Waits for the parser's load unless remembered classifications answer before it (or enrichment is off). */
    void awaitParser() {
        if (detector instanceof BackgroundLoadedDeviceDetector loading && !loading.isReady()
                && !loading.answersBeforeLoaded()) {
            long start = System.nanoTime();
            loading.awaitLoaded();
            LOG.info("waited {} ms for the User-Agent parser before listening", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
