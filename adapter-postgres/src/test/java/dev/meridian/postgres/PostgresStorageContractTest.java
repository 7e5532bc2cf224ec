package dev.meridian.postgres;

import dev.meridian.core.store.StoragePortsContract;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.RobotCounts;

/** The storage-port contract on PostgreSQL. */
class PostgresStorageContractTest extends StoragePortsContract {

    @Override
    protected StoragePorts emptyStorage() {
        TestDatabase.truncateAll();
        PostgresStorage storage = TestDatabase.storage();
        return new StoragePorts(storage.eventLog(), storage.visitors(), storage.payments(), storage.conversionHistory(),
                storage.websites(), storage.credentials());
    }

    @Override
    protected ImportSink importSink(StoragePorts ports) {
        return TestDatabase.storage().importSink();
    }

    @Override
    protected RobotCounts robotCounts(StoragePorts ports) {
        return TestDatabase.storage().robotCounts();
    }
}
