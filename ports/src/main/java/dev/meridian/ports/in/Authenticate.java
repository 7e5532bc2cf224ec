package dev.meridian.ports.in;

import dev.meridian.ports.model.Permission;

/** Credential checks of API.md §1. Keys are compared by SHA-256 hash in constant time. */
public interface Authenticate {

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @throws dev.meridian.ports.error.UnauthorizedException missing, malformed or unknown credential
     */
    Caller authenticate(String authorization);

    /**
     * The website a website-scoped route acts on.
     *
     * @param requestedWebsiteId the {@code websiteId} query parameter, or {@code null}
     * @throws dev.meridian.ports.error.InvalidInputException account token without {@code websiteId}
     * @throws dev.meridian.ports.error.NotFoundException     unknown website
     * @throws dev.meridian.ports.error.ForbiddenException    no permission or no access to it
     */
    String websiteFor(Caller caller, Permission permission, String requestedWebsiteId);

    /**
     * Checks an account-level permission (administration routes).
     *
     * @throws dev.meridian.ports.error.ForbiddenException a website key, or a token without it
     */
    void require(Caller caller, Permission permission);
}
