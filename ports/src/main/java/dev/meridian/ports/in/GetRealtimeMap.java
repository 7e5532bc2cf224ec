package dev.meridian.ports.in;

import dev.meridian.ports.model.RealtimeMap;

/**
 * Who is on a website right now (API.md §2). However many visitors are active, a map lists at most {@code limit} of
 * them (the most recently active) and counts them all: the public tracking endpoint must never be able to make one
 * map answer unboundedly large.
 */
public interface GetRealtimeMap {

    /** Visitors a map lists unless told otherwise. */
    int DEFAULT_LIMIT = 1_000;
    /** The most visitors one map lists. */
    int MAX_LIMIT = 10_000;

    /**
     * @param limit the most visitors listed, 1 to {@link #MAX_LIMIT}
     * @throws dev.meridian.ports.error.InvalidInputException naming {@code limit} when it is out of range
     * @throws dev.meridian.ports.error.NotFoundException     unknown website
     */
    RealtimeMap forWebsite(String websiteId, int limit);

    /** The map listing at most {@link #DEFAULT_LIMIT} visitors. */
    default RealtimeMap forWebsite(String websiteId) {
        return forWebsite(websiteId, DEFAULT_LIMIT);
    }
}
