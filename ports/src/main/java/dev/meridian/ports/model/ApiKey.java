package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A website API key ({@code df_…}), stored only as the SHA-256 hash of the key.
 *
 * @param hash   lower-case hex SHA-256 of the whole key
 * @param id     the key's public id (24 lower-case hex characters), what revocation names; {@code null} only for a
 *               key made without one (the three-argument constructor)
 * @param prefix the first 8 characters of the key ({@code df_} and 5 hex digits), so a person can tell keys
 *               apart in a listing; {@code null} when not known
 */
public record ApiKey(String hash, String websiteId, Instant createdAt, String id, String prefix) {

    public ApiKey {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A key without a public id or prefix. */
    public ApiKey(String hash, String websiteId, Instant createdAt) {
        this(hash, websiteId, createdAt, null, null);
    }

    /** Without the hash: records end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", prefix=" + prefix + ", websiteId=" + websiteId + ", createdAt=" + createdAt + "]";
    }
}
