package dev.meridian.ports.in;

import java.util.List;
import java.util.Objects;

/**
 * What an import did (API.md §7).
 *
 * @param accepted        lines that passed every rule (stored now, stored before, or dropped as a robot's)
 * @param rejected        lines that broke a rule; nothing of them is stored
 * @param eventsStored    events this import stored
 * @param paymentsStored  payments this import stored
 * @param alreadyStored   accepted lines whose event or payment was stored before (an earlier import of the same
 *                        line, the same line twice in the file, a payment's transaction id seen before)
 * @param robots          accepted events dropped because their User-Agent is a robot's
 * @param rejections      line number and reason of the first {@link #MAX_REJECTIONS} rejected lines, in file order
 */
public record ImportReport(long accepted, long rejected, long eventsStored, long paymentsStored, long alreadyStored,
        long robots, List<Rejection> rejections) {

    public static final int MAX_REJECTIONS = 100;

    public ImportReport {
        rejections = List.copyOf(rejections);
    }

    /** A rejected line: its 1-based number and the rule it broke, naming the field. */
    public record Rejection(long line, String reason) {
        public Rejection {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
