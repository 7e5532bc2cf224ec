package dev.meridian.core.store;

import java.time.Instant;

/** Orders by time, then by id, so equal timestamps stay distinct and stable. */
record TimeKey(Instant at, String id) implements Comparable<TimeKey> {

    @Override
    public int compareTo(TimeKey other) {
        int byTime = at.compareTo(other.at);
        return byTime != 0 ? byTime : id.compareTo(other.id);
    }

    static TimeKey earliestAt(Instant at) {
        return new TimeKey(at, "");
    }
}
