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
 * @param id          the token's public id (what listing shows and revocation names); {@code null} only for a token
 *                    made without one (the four-argument constructor), to which a store gives one when saving it
 * @param prefix      its first 9 characters ({@code dft_} and 5 characters), so a person can tell tokens apart in a
 *                    listing; {@code null} when not known
 * @param adminToken  whether it is the server's admin token: the one {@code MERIDIAN_ADMIN_TOKEN} sets or the one
 *                    generated into the {@code admin-token} file at the first start; a new admin token replaces it
 */
public record AccountToken(String hash, Set<Permission> permissions, Set<String> websiteIds, Instant createdAt,
        String id, String prefix, boolean adminToken) {

    public AccountToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        permissions = Set.copyOf(permissions);
        websiteIds = websiteIds == null ? Set.of() : Set.copyOf(websiteIds);
    }

    /** A token without a public id or prefix, not the admin token. */
    public AccountToken(String hash, Set<Permission> permissions, Set<String> websiteIds, Instant createdAt) {
        this(hash, permissions, websiteIds, createdAt, null, null, false);
    }

    /** The same token with the id a store gave it. */
    public AccountToken withId(String newId) {
        return new AccountToken(hash, permissions, websiteIds, createdAt, newId, prefix, adminToken);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(Permission.ALL) || permissions.contains(permission)
                || (permission == Permission.WEBSITES_READ && permissions.contains(Permission.WEBSITES_WRITE));
    }

    public boolean reaches(String websiteId) {
        return websiteIds.isEmpty() || websiteIds.contains(websiteId);
    }

    /** Permission {@code *} on every website: what only such a token can grant or revoke. */
    public boolean hasFullAccess() {
        return permissions.contains(Permission.ALL) && websiteIds.isEmpty();
    }

    /** Without the hash: records end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "AccountToken[id=" + id + ", prefix=" + prefix + ", permissions=" + permissions + ", websiteIds="
                + websiteIds + ", createdAt=" + createdAt + (adminToken ? ", adminToken" : "") + "]";
    }
}
