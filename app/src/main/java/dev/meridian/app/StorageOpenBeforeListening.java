package dev.meridian.app;

import dev.meridian.postgres.StorageOpening;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port opens only once the PostgreSQL storage is open, so the first answer is a ready server. The storage is
 * opened on a thread of its own from the context's start ({@link StorageOpening}); this listener waits for it when the
 * HTTP server has been built, just before Micronaut makes it listen, so the server's build (Netty, the router, JSON)
 * runs alongside the storage's open. A failed open stops start-up with its cause.
 */
@Singleton
@Requires(beans = StorageOpening.class)
public class StorageOpenBeforeListening implements BeanCreatedEventListener<EmbeddedServer> {

    private static final Logger LOG = LoggerFactory.getLogger(StorageOpenBeforeListening.class);

    private final StorageOpening opening;

    public StorageOpenBeforeListening(StorageOpening opening) {
        this.opening = opening;
    }

    @Override
    public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
        long start = System.nanoTime();
        boolean waits = !opening.isDone();
        opening.awaitOpen(); // rethrows a failed open's cause
        if (waits) {
            LOG.debug("waited {} ms for the storage before listening", (System.nanoTime() - start) / 1_000_000);
        }
        return event.getBean();
    }
}
