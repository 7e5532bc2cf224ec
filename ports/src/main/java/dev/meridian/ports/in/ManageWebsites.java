package dev.meridian.ports.in;

import dev.meridian.ports.model.Website;
import java.util.List;

/** Create websites and their API keys (API.md §6). */
public interface ManageWebsites {

    /** @throws dev.meridian.ports.error.InvalidInputException naming the field */
    Website create(NewWebsite request);

    /** Websites the caller may see, oldest first. */
    List<Website> list(Caller caller);

    /**
     * Creates a {@code df_} key for the website.
     *
     * @return the plain key: the only time it exists outside the client
     * @throws dev.meridian.ports.error.NotFoundException unknown website
     */
    default String createApiKey(String websiteId) {
        return issueApiKey(websiteId).key();
    }

    /**
     * Creates a {@code df_} key for the website, with the id that lists and revokes it.
     *
     * @throws dev.meridian.ports.error.NotFoundException unknown website
     */
    IssuedApiKey issueApiKey(String websiteId);

    /**
     * The website's keys, oldest first, without the keys themselves.
     *
     * @throws dev.meridian.ports.error.NotFoundException unknown website
     */
    List<ApiKeySummary> apiKeys(String websiteId);

    /**
     * Revokes a key: the very next request with it is refused.
     *
     * @throws dev.meridian.ports.error.NotFoundException unknown website, or no key with that id on it
     */
    void revokeApiKey(String websiteId, String keyId);
}
