package dev.meridian.ports.in;

import java.util.Optional;

/** The first account token of a server (API.md §6). */
public interface ProvisionAdminToken {

    /**
     * Makes {@code token} (a {@code dft_} token from configuration) a valid token with permission {@code *}.
     *
     * @throws dev.meridian.ports.error.InvalidInputException when it is not a well-formed {@code dft_} token
     */
    void useConfigured(String token);

    /** When no account token exists yet, creates one with permission {@code *} and returns it. */
    Optional<String> createIfNoneExists();
}
