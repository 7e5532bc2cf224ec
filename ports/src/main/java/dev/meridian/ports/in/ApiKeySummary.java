package dev.meridian.ports.in;

import java.time.Instant;

/**
 * What a listing shows of a website API key: never the key or its hash.
 *
 * @param keyId  the key's public id
 * @param prefix its first 8 characters ({@code df_} and 5 hex digits), {@code null} when not known
 */
public record ApiKeySummary(String keyId, String prefix, Instant createdAt) {
}
