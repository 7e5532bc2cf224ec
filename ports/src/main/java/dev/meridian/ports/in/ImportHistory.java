package dev.meridian.ports.in;

import java.util.Iterator;

/**
 * Imports a website's history, one record per line (API.md §7): events (with their effect on the visitor, as
 * live tracking would have had in timestamp order) and payments. Valid lines are stored even when others are
 * rejected; importing the same lines again stores nothing twice.
 */
public interface ImportHistory {

    /**
     * Reads {@code lines} once, in order, without holding them all: lines are stored in batches as they come.
     *
     * @param websiteId the website's id (not its tracking id)
     * @throws dev.meridian.ports.error.NotFoundException           unknown website; nothing read
     * @throws dev.meridian.ports.error.StorageUnavailableException storage failed; batches stored before stay
     *                                                              stored, and importing again completes the rest
     */
    ImportReport run(String websiteId, Iterator<ImportLine> lines);
}
