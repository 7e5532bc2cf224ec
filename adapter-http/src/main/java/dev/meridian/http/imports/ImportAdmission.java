package dev.meridian.http.imports;

import dev.meridian.http.limits.ConcurrentLimit;
import dev.meridian.http.limits.TooManyRequestsException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * How many imports ({@code POST /api/v1/import}) run at once on this node: {@code meridian.import.max-per-website}
 * per website (default 1) and {@code meridian.import.max-concurrent} in all (default 2); 0 lifts a cap. An import
 * over a cap is refused before its body is read with 429, {@code Retry-After: meridian.import.retry-after} (default
 * 30 s) and the envelope. With the storage's own pool for imports ({@code meridian.db.import-pool-size}, by default
 * 2 imports × 2 writers), an admitted import never waits for a connection and never takes one of tracking's.
 */
@Singleton
public class ImportAdmission {

    private final ConcurrentLimit imports;

    public ImportAdmission(@Value("${meridian.import.max-per-website:1}") int maxPerWebsite,
            @Value("${meridian.import.max-concurrent:2}") int maxConcurrent,
            @Value("${meridian.import.retry-after:30s}") Duration retryAfter) {
        this.imports = new ConcurrentLimit("imports", "run", maxConcurrent, retryAfter,
                List.of(new ConcurrentLimit.PerKey("website", maxPerWebsite)));
    }

    /**
     * A place for one import into {@code websiteId}, held until the import ends.
     *
     * @throws TooManyRequestsException when a cap is reached
     */
    ConcurrentLimit.Lease admit(String websiteId) {
        return imports.acquire(websiteId);
    }

    /** Imports running now. */
    public int running() {
        return imports.held();
    }
}
