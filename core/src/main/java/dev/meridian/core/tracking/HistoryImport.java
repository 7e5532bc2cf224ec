package dev.meridian.core.tracking;

import dev.meridian.core.map.MapChanges;
import dev.meridian.core.revenue.ImportedPayments;
import dev.meridian.core.tracking.LineRecord.EventLine;
import dev.meridian.core.tracking.LineRecord.PaymentLine;
import dev.meridian.core.tracking.LineRecord.RobotLine;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.Websites;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Imports history line by line (API.md §7). Each line is read as the request the API would have received for it and
 * checked by the same rules ({@link ImportedLines}); valid records are stored in batches through {@link ImportSink}
 * ({@link ImportBatches}), and each batch changes its visitors exactly as live tracking would have for the same
 * events in timestamp order (the same {@link Observation} rules, the same {@link SessionRule}). Within a batch events
 * apply in timestamp order (ties in file order); batches apply in file order, so a file sorted by time (per visitor
 * is enough) gives exactly live tracking's states.
 *
 * <p>Idempotency: a record's id is derived from its line ({@link LineIds}): the same line imported again has the
 * same id and timestamp, which the sink skips. Payments are idempotent by transaction id. A batch's payments are
 * recorded after its events.
 */
public final class HistoryImport implements ImportHistory {

    /** Events per batch. */
    public static final int DEFAULT_BATCH_SIZE = 20_000;
    /** Concurrent {@link ImportSink#appendAll} calls a batch is split into (by visitor). */
    public static final int DEFAULT_WRITERS = 2;

    private final Websites websites;
    private final ImportSink sink;
    private final ImportedPayments payments;
    private final GeoLocator geoLocator;
    private final DeviceDetector deviceDetector;
    private final Clock clock;
    private final SessionRule sessionRule;
    private final RobotTally robots;
    private final int batchSize;
    private final int writers;
    private final MapChanges mapChanges;

    public HistoryImport(Websites websites, ImportSink sink, ImportedPayments payments, GeoLocator geoLocator,
            DeviceDetector deviceDetector, Clock clock, SessionRule sessionRule, RobotTally robots, int batchSize,
            int writers, MapChanges mapChanges) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be >= 1");
        }
        this.websites = websites;
        this.sink = sink;
        this.payments = payments;
        this.geoLocator = geoLocator;
        this.deviceDetector = deviceDetector;
        this.clock = clock;
        this.sessionRule = sessionRule;
        this.robots = robots;
        this.batchSize = batchSize;
        this.writers = writers;
        this.mapChanges = mapChanges;
    }

    @Override
    public ImportReport run(String websiteId, Iterator<ImportLine> lines) {
        Website website = websites.byId(websiteId)
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
        ImportedLines reader = new ImportedLines(website, clock, geoLocator, deviceDetector);
        Tally tally = new Tally();
        try (ImportBatches batches = new ImportBatches(website, sink, payments, sessionRule, writers,
                () -> mapChanges.publish(website.id()))) {
            while (lines.hasNext()) {
                ImportLine line = lines.next();
                if (line.unreadable() == null && line.fields().isEmpty() && line.text().isBlank()) {
                    continue; // blank lines (a trailing newline) are no records
                }
                if (line.unreadable() != null) {
                    tally.reject(line.number(), line.unreadable());
                    continue;
                }
                LineRecord record;
                try {
                    record = reader.read(line);
                } catch (InvalidInputException invalid) {
                    tally.reject(line.number(), invalid.getMessage());
                    continue;
                }
                tally.accepted++;
                if (record instanceof EventLine event) {
                    batches.add(event);
                } else if (record instanceof PaymentLine payment) {
                    batches.add(payment.payment());
                } else if (record instanceof RobotLine robot) {
                    robots.count(website.id(), robot.at());
                    tally.robots++;
                }
                if (batches.pendingEvents() >= batchSize) {
                    batches.flush();
                }
            }
            batches.flush();
            batches.awaitWritten();
            return new ImportReport(tally.accepted, tally.rejected, batches.eventsStored(), batches.paymentsStored(),
                    batches.alreadyStored(), tally.robots, tally.rejections);
        }
    }

    /** The lines an import accepted and rejected, and the first rejections. */
    private static final class Tally {
        final List<ImportReport.Rejection> rejections = new ArrayList<>();
        long accepted;
        long rejected;
        long robots;

        void reject(long number, String reason) {
            rejected++;
            if (rejections.size() < ImportReport.MAX_REJECTIONS) {
                rejections.add(new ImportReport.Rejection(number, reason));
            }
        }
    }
}
