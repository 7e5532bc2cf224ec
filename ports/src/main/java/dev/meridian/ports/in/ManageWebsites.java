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
    String createApiKey(String websiteId);
}
