package dev.meridian.core.scoring;

import dev.meridian.ports.model.VisitorDimensions;

/** The five dimensions of the conversion model, in the fixed order of docs/scoring.md §3. */
public enum Dimension {
    DEVICE("device"),
    OS("os"),
    BROWSER("browser"),
    COUNTRY("country"),
    REFERRER("referrer");

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The name reported in {@code dimensionMatches}. */
    public String label() {
        return label;
    }

    /** The visitor's value on this dimension; {@code null} when unknown (never for the referrer). */
    public String valueIn(VisitorDimensions visitor) {
        return switch (this) {
            case DEVICE -> visitor.device();
            case OS -> visitor.os();
            case BROWSER -> visitor.browser();
            case COUNTRY -> visitor.country();
            case REFERRER -> visitor.referrer();
        };
    }
}
