package dev.meridian.ports.in;

import dev.meridian.ports.model.Permission;
import java.time.Instant;
import java.util.Set;

/**
 * What a listing shows of an account token: never the token or its hash.
 *
 * @param tokenId    the token's public id
 * @param prefix     its first 9 characters ({@code dft_} and 5 more), {@code null} when not known (tokens made before
 *                   prefixes were kept)
 * @param websiteIds empty: every website
 * @param adminToken whether it is the server's admin token ({@code MERIDIAN_ADMIN_TOKEN} or the generated one)
 */
public record AccountTokenSummary(String tokenId, String prefix, Set<Permission> permissions, Set<String> websiteIds,
        Instant createdAt, boolean adminToken) {

    public AccountTokenSummary {
        permissions = Set.copyOf(permissions);
        websiteIds = Set.copyOf(websiteIds);
    }
}
