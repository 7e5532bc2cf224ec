package dev.meridian.app;

import dev.meridian.geoip.MaxMindGeoLocator;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.useragent.RememberedClassifications;
import dev.meridian.useragent.UserAgentDeviceDetector;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.StringUtils;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IP geolocation ({@code MERIDIAN_GEOIP_DB}) and User-Agent parsing. {@code meridian.enrichment.enabled=false}
 * turns both off (every location and system unknown, nobody a robot), for measuring their cost.
 */
@Factory
public class EnrichmentFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentFactory.class);

    /** A GeoIP2 / GeoLite2 / DB-IP Lite City database; start-up fails, naming the path, when unusable. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "meridian.geoip-db", pattern = ".+")
    @Requires(property = "meridian.enrichment.enabled", notEquals = StringUtils.FALSE)
    MaxMindGeoLocator maxMindGeoLocator(@Value("${meridian.geoip-db}") String database,
            @Value("${meridian.geoip-cache-size:100000}") long cacheSize) {
        MaxMindGeoLocator locator = MaxMindGeoLocator.open(Path.of(database), cacheSize);
        LOG.info("GeoIP: {} database {}", locator.databaseType(), locator.path());
        return locator;
    }

    @Singleton
    @Requires(missingBeans = MaxMindGeoLocator.class)
    GeoLocator noGeoLocator() {
        LOG.info("GeoIP: no database configured, visitor locations stay unknown. Set MERIDIAN_GEOIP_DB to a "
                + "GeoLite2-City, GeoIP2-City or DB-IP Lite City .mmdb file to locate visitors.");
        return GeoLocator.NONE;
    }

    /**
     * The User-Agent parser takes a second or more to load, so it loads in the background. With classifications
     * remembered from the last run ({@link RememberedUserAgents}), those User-Agents are answered at once and the load
     * starts once the server listens ({@link ParserLoadOnServerStart}); the remembered answers are then checked
     * against the parser. Without them, the server's load was started by {@link Application#main} before Micronaut
     * ({@link UserAgentParserLoad}), and a context started without it (tests) starts the load here. Either way, only
     * the timing depends on what {@code main} guessed. The import command loads it only when a line needs it (a line
     * with a {@code userAgent} or without browser/OS/device), and remembers nothing.
     */
    @Singleton
    @Requires(property = "meridian.enrichment.enabled", notEquals = StringUtils.FALSE)
    DeviceDetector deviceDetector(@Value("${meridian.user-agent-cache-size:10000}") long cacheSize,
            Environment environment, @Nullable UserAgentParserLoad startedEarly,
            @Nullable RememberedUserAgents rememberedUserAgents) {
        if (environment.getActiveNames().contains(Application.CLI_ENVIRONMENT)) {
            return BackgroundLoadedDeviceDetector.onFirstUse(() -> UserAgentDeviceDetector.create(cacheSize));
        }
        RememberedClassifications remembered = rememberedUserAgents == null ? RememberedClassifications.NONE
                : rememberedUserAgents.atStart();
        BackgroundLoadedDeviceDetector detector;
        if (startedEarly != null) {
            detector = BackgroundLoadedDeviceDetector.of(
                    startedEarly.loading().thenApply(loaded -> loaded.withOwnCache(cacheSize)), remembered);
        } else if (!remembered.isEmpty()) {
            detector = BackgroundLoadedDeviceDetector.remembering(remembered, () -> UserAgentDeviceDetector.create(cacheSize));
        } else {
            detector = BackgroundLoadedDeviceDetector.startNow(() -> UserAgentDeviceDetector.create(cacheSize));
        }
        if (!remembered.isEmpty()) {
            detector.whenLoaded("remembered-user-agents-check", parser -> rememberedUserAgents.recheck(parser, remembered));
        }
        return detector;
    }

    @Singleton
    @Requires(property = "meridian.enrichment.enabled", value = StringUtils.FALSE)
    DeviceDetector noDeviceDetector(@Nullable UserAgentParserLoad startedEarly) {
        if (startedEarly != null) {
            startedEarly.discard();
        }
        return DeviceDetector.NONE;
    }
}
