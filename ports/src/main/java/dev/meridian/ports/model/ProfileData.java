package dev.meridian.ports.model;

/**
 * How the map names a visitor.
 *
 * @param displayName  identify's name, else the customer name, else {@code null}
 * @param userId       identify's {@code user_id}, else {@code null}
 * @param hasProfile   identify was called for this visitor
 * @param isRandomName {@code displayName} is null: a client shows a generated pseudonym
 */
public record ProfileData(String displayName, String userId, boolean hasProfile, boolean isRandomName) {
}
