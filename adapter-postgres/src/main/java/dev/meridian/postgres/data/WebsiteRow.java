package dev.meridian.postgres.data;

import dev.meridian.ports.model.Website;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.Arrays;

/** A row of the {@code websites} table, mapped by Micronaut Data. */
@MappedEntity("websites")
public record WebsiteRow(
        @Id String id,
        String trackingId,
        String domain,
        @Nullable String name,
        String currency,
        String timezone,
        @TypeDef(type = DataType.STRING_ARRAY) String[] allowedHostnames,
        Instant createdAt) {

    public static WebsiteRow of(Website w) {
        return new WebsiteRow(w.id(), w.trackingId(), w.domain(), w.name(), w.currency(), w.timezone(),
                w.allowedHostnames().toArray(String[]::new), w.createdAt());
    }

    public Website toWebsite() {
        return new Website(id, trackingId, domain, name, currency, timezone, Arrays.asList(allowedHostnames), createdAt);
    }
}
