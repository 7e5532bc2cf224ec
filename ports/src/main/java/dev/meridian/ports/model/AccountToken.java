package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An account token ({@code dft_…}), stored only as the SHA-256 hash of the token.
 *
 * @param hash        lower-case hex SHA-256 of the whole token
 * @param permissions what it may do
 * @param websiteIds  the websites it may act on; empty means every website
 */
public record AccountToken(String hash, Set<Permission> permissions, Set<String> websiteIds, Instant createdAt) {

    public AccountToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        permissions = Set.copyOf(permissions);
        websiteIds = websiteIds == null ? Set.of() : Set.copyOf(websiteIds);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(Permission.ALL) || permissions.contains(permission)
                || (permission == Permission.WEBSITES_READ && permissions.contains(Permission.WEBSITES_WRITE));
    }

    public boolean reaches(String websiteId) {
        return websiteIds.isEmpty() || websiteIds.contains(websiteId);
    }

    /** Without the hash: records end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "AccountToken[permissions=" + permissions + ", websiteIds=" + websiteIds + ", createdAt=" + createdAt + "]";
    }
}
