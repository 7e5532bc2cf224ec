package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeoIpStartupTest {

    @Test
    void aMissingGeoIpDatabaseStopsStartUpNamingThePath() {
        assertThatThrownBy(() -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "meridian.storage", "memory", "micronaut.server.port", "-1",
                    "meridian.data-dir", "target/geoip-startup",
                    "meridian.geoip-db", "/nonexistent/GeoLite2-City.mmdb"))) {
                server.getApplicationContext().getBean(dev.meridian.ports.out.GeoLocator.class);
            }
        }).hasStackTraceContaining("/nonexistent/GeoLite2-City.mmdb");
    }
}
