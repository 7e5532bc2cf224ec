package dev.meridian.core.store;

import dev.meridian.ports.out.Storage;

/** The storage contract on the in-memory store. */
class InMemoryStorageContractTest extends StoragePortsContract {

    @Override
    protected Storage emptyStorage() {
        return new InMemoryStore();
    }
}
