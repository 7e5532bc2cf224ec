package dev.meridian.ports.model;

/**
 * The five dimensions of the conversion model (docs/scoring.md §1), in its fixed order.
 *
 * <p>{@code device}, {@code os}, {@code browser} and {@code country} may be {@code null} (unknown: never
 * matches a feature). {@code referrer} is a normalised host (lower case, no {@code www.}) or
 * {@link #DIRECT}; it is never null.
 */
public record VisitorDimensions(String device, String os, String browser, String country, String referrer) {

    /** The referrer value of a visit with no external referrer. */
    public static final String DIRECT = "(direct)";

    public VisitorDimensions {
        if (referrer == null) {
            referrer = DIRECT;
        }
    }
}
