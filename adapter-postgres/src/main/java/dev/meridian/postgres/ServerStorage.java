package dev.meridian.postgres;

import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.CustomerUpdates;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.MapChangeFeed;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's storage ({@link PostgresStorageFactory}): {@code postgres}'s own ports, with {@code websites} in front
 * of its websites (the tracking-id cache, {@link CachedWebsites}, unless turned off).
 */
record ServerStorage(PostgresStorage postgres, Websites websites) implements Storage {

    ServerStorage {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(websites, "websites");
    }

    @Override
    public EventLog eventLog() {
        return postgres.eventLog();
    }

    @Override
    public Visitors visitors() {
        return postgres.visitors();
    }

    @Override
    public Payments payments() {
        return postgres.payments();
    }

    @Override
    public ConversionHistory conversionHistory() {
        return postgres.conversionHistory();
    }

    @Override
    public Credentials credentials() {
        return postgres.credentials();
    }

    @Override
    public VisitorHistory visitorHistory() {
        return postgres.visitorHistory();
    }

    @Override
    public Optional<ImportSink> importSink() {
        return postgres.importSink();
    }

    @Override
    public Optional<RobotCounts> robotCounts() {
        return postgres.robotCounts();
    }

    @Override
    public Optional<MapChangeFeed> mapChangeFeed() {
        return postgres.mapChangeFeed();
    }

    /** Customer summaries stored in the transaction that locks the visitor's row (docs/scale-out.md). */
    @Override
    public Optional<CustomerUpdates> customerUpdates() {
        return postgres.customerUpdates();
    }
}
