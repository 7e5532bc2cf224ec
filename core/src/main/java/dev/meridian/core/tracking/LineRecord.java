package dev.meridian.core.tracking;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Payment;
import java.time.Instant;

/** What one valid import line is ({@link ImportedLines}): an event to store, a payment to record, or a robot's visit to count. */
sealed interface LineRecord {

    /** An event and what it tells about its visitor, applied when its batch is stored. */
    record EventLine(long lineNumber, Event event, Observation seen) implements LineRecord {
    }

    record PaymentLine(Payment payment) implements LineRecord {
    }

    /** An event whose User-Agent is a robot's: counted on the day of {@code at}, not stored. */
    record RobotLine(Instant at) implements LineRecord {
    }
}
