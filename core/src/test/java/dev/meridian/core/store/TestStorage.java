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
import java.util.Objects;
import java.util.Optional;

/** A storage with some of its parts replaced: how a test puts a failing or watching port into a real store. */
public final class TestStorage implements Storage {

    private final Storage base;
    private EventLog eventLog;
    private ImportSink importSink;
    private RobotCounts robotCounts;
    private ConversionHistory conversionHistory;

    private TestStorage(Storage base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** {@code base}'s parts, until replaced. */
    public static TestStorage of(Storage base) {
        return new TestStorage(base);
    }

    public TestStorage withEventLog(EventLog eventLog) {
        this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
        return this;
    }

    public TestStorage withImportSink(ImportSink importSink) {
        this.importSink = Objects.requireNonNull(importSink, "importSink");
        return this;
    }

    public TestStorage withRobotCounts(RobotCounts robotCounts) {
        this.robotCounts = Objects.requireNonNull(robotCounts, "robotCounts");
        return this;
    }

    public TestStorage withConversionHistory(ConversionHistory conversionHistory) {
        this.conversionHistory = Objects.requireNonNull(conversionHistory, "conversionHistory");
        return this;
    }

    @Override
    public EventLog eventLog() {
        return eventLog != null ? eventLog : base.eventLog();
    }

    @Override
    public Visitors visitors() {
        return base.visitors();
    }

    @Override
    public Payments payments() {
        return base.payments();
    }

    @Override
    public ConversionHistory conversionHistory() {
        return conversionHistory != null ? conversionHistory : base.conversionHistory();
    }

    @Override
    public Websites websites() {
        return base.websites();
    }

    @Override
    public Credentials credentials() {
        return base.credentials();
    }

    @Override
    public VisitorHistory visitorHistory() {
        return base.visitorHistory();
    }

    @Override
    public Optional<ImportSink> importSink() {
        return importSink != null ? Optional.of(importSink) : base.importSink();
    }

    @Override
    public Optional<RobotCounts> robotCounts() {
        return robotCounts != null ? Optional.of(robotCounts) : base.robotCounts();
    }
}
