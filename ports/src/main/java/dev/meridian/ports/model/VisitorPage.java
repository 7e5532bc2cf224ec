package dev.meridian.ports.model;

import java.util.List;

/**
 * One page of a {@link VisitorQuery}'s visitors.
 *
 * @param visitors the page, latest pageview first
 * @param total    how many visitors match the query in all
 */
public record VisitorPage(List<Listed> visitors, long total) {

    public VisitorPage {
        visitors = List.copyOf(visitors);
        if (total < visitors.size()) {
            throw new IllegalArgumentException("total " + total + " is less than the " + visitors.size() + " listed");
        }
    }

    /**
     * One listed visitor.
     *
     * @param landingPath the path (with query string) of the visitor's first pageview: the first session's landing URL
     */
    public record Listed(VisitorState visitor, String landingPath) {
    }
}
