package dev.meridian.ports.out;

import java.util.Optional;

/**
 * Everything Meridian stores, as one object: the seven ports every storage has, and four it may have. What
 * {@code Meridian.builder().storage(…)} takes; core's {@code InMemoryStore} and the PostgreSQL adapter's
 * {@code PostgresStorage} implement it.
 *
 * <p>To store elsewhere, implement the ports and return them from here (one object may implement several ports;
 * each method is called once, when Meridian is built). core's test-jar holds {@code StoragePortsContract}, the tests
 * every storage passes: extend it with your storage to check yours (README, "Your own storage").
 */
public interface Storage {

    EventLog eventLog();

    Visitors visitors();

    Payments payments();

    ConversionHistory conversionHistory();

    Websites websites();

    Credentials credentials();

    /** What the visitors API reads (API.md §9): one visitor's journey, the visitor list. */
    VisitorHistory visitorHistory();

    /**
     * Bulk writes of imported history; empty (the default) when this storage cannot import, and then
     * {@code Meridian.importHistory()} refuses.
     */
    default Optional<ImportSink> importSink() {
        return Optional.empty();
    }

    /**
     * Where robot counts are kept; empty (the default) keeps them in memory only, so they are lost when the process
     * ends.
     */
    default Optional<RobotCounts> robotCounts() {
        return Optional.empty();
    }

    /**
     * Map changes committed by every process sharing this storage (several nodes on one database, an import
     * command beside the server), so that live streams show what others stored; empty (the default) when this
     * process is the only writer, and then a Meridian hears its own writes only.
     */
    default Optional<MapChangeFeed> mapChangeFeed() {
        return Optional.empty();
    }

    /**
     * Customer summaries recomputed while the storage holds the visitor, so that processes sharing the storage cannot
     * store an older summary over a newer one; empty (the default) when one process is the only writer, and then a
     * Meridian serialises its own refreshes.
     */
    default Optional<CustomerUpdates> customerUpdates() {
        return Optional.empty();
    }
}
