package dev.meridian.app;

import dev.meridian.useragent.UserAgentDeviceDetector;
import java.util.concurrent.CompletableFuture;

/**
 * The User-Agent parser's load, started by {@link Application#main} before Micronaut, so it runs alongside the
 * context, the embedded PostgreSQL and the migrations instead of after them; {@link EnrichmentFactory} gives it the
 * configured cache. Tests and embedders that start a context without {@code main} have none: the factory then starts
 * the load itself.
 */
final class UserAgentParserLoad {

    private volatile CompletableFuture<UserAgentDeviceDetector> loading;

    private UserAgentParserLoad(CompletableFuture<UserAgentDeviceDetector> loading) {
        this.loading = loading;
    }

    static UserAgentParserLoad start() {
        return new UserAgentParserLoad(BackgroundLoadedDeviceDetector.load(UserAgentDeviceDetector::create));
    }

    CompletableFuture<UserAgentDeviceDetector> loading() {
        CompletableFuture<UserAgentDeviceDetector> current = loading;
        if (current == null) {
            throw new IllegalStateException("the User-Agent parser's load was discarded");
        }
        return current;
    }

    /** Enrichment is off: the parser will not be used, so what the load produces is left to the garbage collector. */
    void discard() {
        loading = null;
    }
}
