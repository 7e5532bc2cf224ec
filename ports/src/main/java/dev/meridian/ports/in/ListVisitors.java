package dev.meridian.ports.in;

import dev.meridian.ports.model.VisitorList;

/** A website's visitors of a period, newest activity first, page by page, filtered (API.md §9.2). */
public interface ListVisitors {

    int DEFAULT_LIMIT = 100;
    int MAX_LIMIT = 250;
    /** The most values one comma-separated filter takes. */
    int MAX_FILTER_VALUES = 50;

    /**
     * @throws dev.meridian.ports.error.InvalidInputException naming the query parameter that breaks its rule
     * @throws dev.meridian.ports.error.NotFoundException     unknown website
     */
    VisitorList forWebsite(String websiteId, VisitorListRequest request);
}
