package dev.meridian.ports.in;

import java.util.Optional;

/**
 * The server's admin token (API.md §6): the one {@code MERIDIAN_ADMIN_TOKEN} sets, or one generated at the first
 * start. Both are safe when several servers start together on one database.
 */
public interface ProvisionAdminToken {

    /**
     * Makes {@code token} (a {@code dft_} token from configuration) the admin token, with permission {@code *} on
     * every website, and revokes the admin token it replaces (an earlier {@code MERIDIAN_ADMIN_TOKEN}, or the
     * generated one).
     *
     * @return how many tokens it revoked (0 when {@code token} already was the admin token)
     * @throws dev.meridian.ports.error.InvalidInputException when it is not a well-formed {@code dft_} token
     */
    int useConfigured(String token);

    /**
     * When no account token exists yet, creates the admin token (permission {@code *}) and returns it; of several
     * callers at once, only one does.
     */
    Optional<String> createIfNoneExists();
}
