package dev.meridian.postgres;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/**
 * Registers the storage's meters ({@link PostgresStorage#bindMetrics}) in the application's Micrometer registry, at
 * start-up, as soon as the storage is open. A bean of its own rather than an argument of the storage's factory method: a storage that depended on the
 * registry would take part in the registry's dependency cycle (the composite registry is built from registries), and
 * Micronaut, which destroys beans in dependency order, then breaks such cycles anywhere; the storage could be closed
 * before the use cases that still write to it at shutdown (RobotCountsRestartTest).
 */
@Context
@Requires(beans = {StorageOpening.class, MeterRegistry.class})
final class PostgresStorageMeters {

    PostgresStorageMeters(StorageOpening storage, MeterRegistry meters) {
        storage.whenOpen(opened -> opened.bindMetrics(meters)); // without waiting for the open (StorageOpening)
    }
}
