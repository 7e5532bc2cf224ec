package dev.meridian.http.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitedRouteTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/events|EVENTS",
            "/api/events/|EVENTS",
            "//api/events|EVENTS",
            "/api//events/|EVENTS",
            "/api/events;jsessionid=1|EVENTS",
            "/api;x/events|EVENTS",
            "/API/EVENTS|EVENTS",
            "/api/./events|EVENTS",
            "/./api/events/.|EVENTS",
            "/api/x/../events|EVENTS",
            "/../api/events|EVENTS",
            "/api/%65vents|EVENTS",
            "/api%2Fevents|EVENTS",
            "/api/events%2f|EVENTS",
            "/api/%2e/events|EVENTS",
            "\\api\\events|EVENTS",
            "/api/events?x=1|EVENTS",
            "/api/events#x|EVENTS",
            "/api/v1|API",
            "/api/v1/|API",
            "/api/v1/analytics/realtime/map|API",
            "//api/v1//analytics/realtime/map/|API",
            "/api/V1/import|API",
            "/api/%761/import|API",
            "/api/v1;x/import|API",
            "/api/events/x|NONE",
            "/api/eventsx|NONE",
            "/api/v10/x|NONE",
            "/api/v1x|NONE",
            "/js/script.js|NONE",
            "/map|NONE",
            "/|NONE",
            "''|NONE",
            "/api/events%|NONE",
            "/api/event%73%|NONE",
            "/api/event%73|EVENTS",
            "/api/%C3%A9vents|NONE"})
    void routesAreRecognisedInEverySpelling(String path, LimitedRoute route) {
        assertThat(LimitedRoute.of(path)).isEqualTo(route);
    }
}
