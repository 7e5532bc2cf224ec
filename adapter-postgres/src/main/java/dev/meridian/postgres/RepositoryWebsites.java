package dev.meridian.postgres;

import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Websites;
import dev.meridian.postgres.data.WebsiteRepository;
import dev.meridian.postgres.data.WebsiteRow;
import java.util.List;
import java.util.Optional;

/**
 * {@link Websites} on PostgreSQL: the {@code websites} table through the Micronaut Data JDBC {@link WebsiteRepository}
 * (see {@link LookupTables}). What {@link PostgresStorage#websites()} is, with or without a Micronaut application.
 */
public final class RepositoryWebsites implements Websites {

    private final WebsiteRepository repository;

    RepositoryWebsites(WebsiteRepository repository) {
        this.repository = repository;
    }

    @Override
    public void save(Website w) {
        WebsiteRow row = WebsiteRow.of(w);
        StorageFailures.translating("saving a website", () -> {
            repository.upsert(row.id(), row.trackingId(), row.domain(), row.name(), row.currency(), row.timezone(),
                    row.allowedHostnames(), row.createdAt());
            return null;
        });
    }

    @Override
    public Optional<Website> byId(String id) {
        return StorageFailures.translating("reading a website", () -> repository.findById(id)).map(WebsiteRow::toWebsite);
    }

    @Override
    public Optional<Website> byTrackingId(String trackingId) {
        return StorageFailures.translating("reading a website", () -> repository.findByTrackingId(trackingId))
                .map(WebsiteRow::toWebsite);
    }

    @Override
    public List<Website> all() {
        return StorageFailures.translating("reading websites", repository::listOrderByCreatedAtAndId).stream()
                .map(WebsiteRow::toWebsite).toList();
    }
}
