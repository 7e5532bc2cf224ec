package dev.meridian.ports.in;

/**
 * @param visitorId the visitor the event was recorded for
 * @param eventId   the stored event's id, or {@code null} when it was not stored (robot)
 * @param stored    false when the event was dropped as a robot's
 */
public record TrackResult(String visitorId, String eventId, boolean stored) {
}
