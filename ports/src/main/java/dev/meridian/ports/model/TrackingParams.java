package dev.meridian.ports.model;

/**
 * Campaign parameters of a session's landing URL. Each field is {@code null} when the URL lacks it.
 */
public record TrackingParams(
        String ref,
        String source,
        String via,
        String utmSource,
        String utmMedium,
        String utmCampaign,
        String utmContent,
        String utmTerm) {

    public static final TrackingParams NONE = new TrackingParams(null, null, null, null, null, null, null, null);
}
