package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.store.StoragePortsContract;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on the {@link Storage} bean the server uses ({@link PostgresStorageFactory}): the ports of one
 * {@link PostgresStorage}, the same implementation {@link PostgresStorageContractTest} runs without Micronaut.
 */
class MicronautStorageContractTest extends StoragePortsContract {

    private static ApplicationContext context;

    private static synchronized ApplicationContext context() {
        if (context == null) {
            EmbeddedDatabase shared = TestDatabase.server();
            context = ApplicationContext.run(Map.of("meridian.db.url", shared.jdbcUrl(),
                    "meridian.db.user", shared.user(), "meridian.db.password", shared.password(),
                    "meridian.db.writer-threads", 1, "meridian.db.pool-size", 4,
                    // the contract empties tables behind the ports' back
                    "meridian.db.website-cache-ttl", "0s"));
        }
        return context;
    }

    @AfterAll
    static synchronized void stopContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    protected Storage emptyStorage() {
        TestDatabase.truncateAll();
        return context().getBean(Storage.class);
    }

    @Test
    void everyPortHasOneImplementationTheStoragesOwn() {
        PostgresStorage storage = context().getBean(PostgresStorage.class);
        Storage bean = context().getBean(Storage.class);
        assertThat(bean.websites()).as("cache off here").isSameAs(storage.websites());
        assertThat(bean.credentials()).isSameAs(storage.credentials());
        assertThat(bean.eventLog()).isSameAs(storage.eventLog());
        assertThat(bean.visitors()).isSameAs(storage.visitors());
        assertThat(bean.conversionHistory()).isSameAs(storage.conversionHistory());
        assertThat(bean.payments()).isSameAs(storage.payments());
        assertThat(bean.importSink()).containsSame(storage.importSink().orElseThrow());
        assertThat(bean.robotCounts()).containsSame(storage.robotCounts().orElseThrow());
    }
}
