package dev.meridian.ports.model;

/**
 * The size of the browser's window in CSS pixels, as the tracker or SDK sent it with a pageview. Each side may be
 * {@code null}: not sent.
 */
public record Viewport(Integer width, Integer height) {

    public static final Viewport UNKNOWN = new Viewport(null, null);
}
