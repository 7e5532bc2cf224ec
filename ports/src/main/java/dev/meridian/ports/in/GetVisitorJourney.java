package dev.meridian.ports.in;

import dev.meridian.ports.model.VisitorJourney;

/** One visitor's whole journey on a website (API.md §9.1): who, where from, what they did and paid, how likely to pay. */
public interface GetVisitorJourney {

    /** Pageviews and goals a journey lists at most: the latest ones. */
    int MAX_EVENTS = 500;

    /**
     * @param visitorId a UUID v4, any case
     * @throws dev.meridian.ports.error.InvalidInputException naming {@code visitorId} when it is not a UUID v4
     * @throws dev.meridian.ports.error.NotFoundException     unknown website, or no pageview of the visitor on it
     */
    VisitorJourney forVisitor(String websiteId, String visitorId);
}
