package dev.meridian.core.store;

import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorHistory;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.util.Optional;

/**
 * Every storage port in memory: the reference storage for embedding Meridian and for tests. One store per port
 * ({@code InMemoryEventLog}, {@code InMemoryImportSink}, {@code InMemoryVisitors}, {@code InMemoryVisitorHistory}, {@code InMemoryPayments},
 * {@code InMemoryConversionHistory}, {@code InMemoryWebsites}, {@code InMemoryCredentials},
 * {@link InMemoryRobotCounts}); the event log, the import sink, the visitors and the conversion history share the
 * websites' visitors and events ({@code Sites}).
 *
 * <p>Thread-safe. Writes of one visitor are serialised (its entry is held while an update applies), so
 * concurrent events never lose an update. An import holds its website's live writes back while it runs, so it stores
 * its whole batch or, when an update throws, nothing. Active visitors are found through an index on the last
 * pageview, so the realtime map's cost grows with the active visitors, not with the whole history.
 * Nothing survives the process.
 */
public final class InMemoryStore implements Storage {

    private final Sites sites = new Sites();
    private final EventLog eventLog = new InMemoryEventLog(sites);
    private final ImportSink importSink = new InMemoryImportSink(sites);
    private final Visitors visitors = new InMemoryVisitors(sites);
    private final ConversionHistory conversionHistory = new InMemoryConversionHistory(sites);
    private final Payments payments = new InMemoryPayments();
    private final VisitorHistory visitorHistory = new InMemoryVisitorHistory(sites, payments);
    private final Websites websites = new InMemoryWebsites();
    private final Credentials credentials = new InMemoryCredentials();
    private final RobotCounts robotCounts = new InMemoryRobotCounts();

    @Override
    public EventLog eventLog() {
        return eventLog;
    }

    @Override
    public Visitors visitors() {
        return visitors;
    }

    @Override
    public Payments payments() {
        return payments;
    }

    @Override
    public ConversionHistory conversionHistory() {
        return conversionHistory;
    }

    @Override
    public Websites websites() {
        return websites;
    }

    @Override
    public Credentials credentials() {
        return credentials;
    }

    @Override
    public VisitorHistory visitorHistory() {
        return visitorHistory;
    }

    @Override
    public Optional<ImportSink> importSink() {
        return Optional.of(importSink);
    }

    @Override
    public Optional<RobotCounts> robotCounts() {
        return Optional.of(robotCounts);
    }
}
