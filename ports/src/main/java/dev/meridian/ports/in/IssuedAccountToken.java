package dev.meridian.ports.in;

import dev.meridian.ports.model.Permission;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A new account token as its creator receives it: the only time the plain token exists outside the client.
 *
 * @param tokenId the token's public id, what listing shows and revocation names
 * @param token   the plain {@code dft_…} token
 * @param prefix  its first 9 characters
 */
public record IssuedAccountToken(String tokenId, String token, String prefix, Set<Permission> permissions,
        Set<String> websiteIds, Instant createdAt) {

    public IssuedAccountToken {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
        permissions = Set.copyOf(permissions);
        websiteIds = Set.copyOf(websiteIds);
    }

    /** Without the token, so logging this record never leaks it. */
    @Override
    public String toString() {
        return "IssuedAccountToken[tokenId=" + tokenId + ", prefix=" + prefix + ", permissions=" + permissions
                + ", websiteIds=" + websiteIds + ", createdAt=" + createdAt + "]";
    }
}
