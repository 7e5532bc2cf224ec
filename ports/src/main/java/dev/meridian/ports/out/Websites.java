package dev.meridian.ports.out;

import dev.meridian.ports.model.Website;
import java.util.List;
import java.util.Optional;

/** The websites of this server. */
public interface Websites {

    void save(Website website);

    Optional<Website> byId(String id);

    Optional<Website> byTrackingId(String trackingId);

    /** Every website, oldest first. */
    List<Website> all();
}
