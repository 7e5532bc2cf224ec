package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A website API key ({@code df_…}), stored only as the SHA-256 hash of the key.
 *
 * @param hash lower-case hex SHA-256 of the whole key
 */
public record ApiKey(String hash, String websiteId, Instant createdAt) {

    public ApiKey {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
