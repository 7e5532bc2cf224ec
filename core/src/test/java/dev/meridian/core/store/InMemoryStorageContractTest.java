package dev.meridian.core.store;

/** The storage-port contract on the in-memory store. */
class InMemoryStorageContractTest extends StoragePortsContract {

    @Override
    protected StoragePorts emptyStorage() {
        return StoragePorts.of(new InMemoryStore());
    }
}
