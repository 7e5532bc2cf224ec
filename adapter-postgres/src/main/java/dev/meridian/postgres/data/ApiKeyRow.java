package dev.meridian.postgres.data;

import dev.meridian.ports.model.ApiKey;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of the {@code api_keys} table, mapped by Micronaut Data. */
@MappedEntity("api_keys")
public record ApiKeyRow(@Id String hash, String websiteId, Instant createdAt, String keyId, @Nullable String prefix) {

    public ApiKey toApiKey() {
        return new ApiKey(hash, websiteId, createdAt, keyId, prefix);
    }
}
