package dev.meridian.postgres;

import dev.meridian.core.store.StoragePortsContract;
import dev.meridian.ports.out.Storage;

/** The storage contract on PostgreSQL. */
class PostgresStorageContractTest extends StoragePortsContract {

    @Override
    protected Storage emptyStorage() {
        TestDatabase.truncateAll();
        return TestDatabase.storage();
    }
}
