package dev.meridian.ports.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tracked website.
 *
 * @param id               24 lower-case hex characters, used by the API
 * @param trackingId       the public id the tracker sends as {@code websiteId}
 * @param domain           root domain, lower case, no scheme ({@code example.com})
 * @param currency         reporting currency, ISO 4217 (default {@code USD})
 * @param timezone         IANA zone id (default {@code UTC})
 * @param allowedHostnames further hostnames the tracker may report pages from
 */
public record Website(
        String id,
        String trackingId,
        String domain,
        String name,
        String currency,
        String timezone,
        List<String> allowedHostnames,
        Instant createdAt) {

    public Website {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(createdAt, "createdAt");
        allowedHostnames = allowedHostnames == null ? List.of() : List.copyOf(allowedHostnames);
    }
}
