package dev.meridian.ports.in;

import java.time.Instant;
import java.util.Objects;

/**
 * A new website API key as its creator receives it: the only time the plain key exists outside the client.
 *
 * @param keyId  the key's public id, what listing shows and revocation names
 * @param key    the plain {@code df_…} key
 * @param prefix its first 8 characters
 */
public record IssuedApiKey(String keyId, String key, String prefix, Instant createdAt) {

    public IssuedApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Without the key, so logging this record never leaks it. */
    @Override
    public String toString() {
        return "IssuedApiKey[keyId=" + keyId + ", prefix=" + prefix + ", createdAt=" + createdAt + "]";
    }
}
