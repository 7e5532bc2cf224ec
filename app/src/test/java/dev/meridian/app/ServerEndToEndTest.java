package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.geoip.MaxMindTestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real server over the in-memory store: website → key → pageview → realtime map, and tenant isolation. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = ServerEndToEndTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/e2e-data")
// the first pageview waits for the User-Agent parser to load, which takes longer than the client's default 10 s on a
// busy machine
@Property(name = "micronaut.http.client.read-timeout", value = "60s")
class ServerEndToEndTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return Map.of("meridian.geoip-db", MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY).toString());
    }

    static final String ADMIN = "dft_0123456789abcdef0123456789abcdef";
    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient client;

    @SuppressWarnings("unchecked")
    private Map<String, Object> data(HttpResponse<Map<String, Object>> response) {
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        assertThat(response.body()).containsEntry("status", "success");
        return (Map<String, Object>) response.body().get("data");
    }

    private Map<String, Object> createWebsite(String domain) {
        return data(client.toBlocking().exchange(HttpRequest.POST("/api/v1/admin/websites",
                Map.of("domain", domain)).bearerAuth(ADMIN), JSON));
    }

    private String createKey(Object websiteId) {
        return (String) data(client.toBlocking().exchange(HttpRequest.POST(
                "/api/v1/admin/websites/" + websiteId + "/api-keys", "").bearerAuth(ADMIN), JSON)).get("key");
    }

    private String pageview(Map<String, Object> website, String path) {
        return pageview(website, path, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "81.2.69.160");
    }

    private String pageview(Map<String, Object> website, String path, String userAgent, String forwardedFor) {
        String visitor = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("websiteId", website.get("trackingId"), "domain", website.get("domain"),
                "href", "https://" + website.get("domain") + path, "referrer", "https://news.ycombinator.com/",
                "type", "pageview", "visitorId", visitor, "sessionId", "s" + UUID.randomUUID(), "extraData", Map.of());
        Map<String, Object> tracked = data(client.toBlocking().exchange(HttpRequest.POST("/api/events", body)
                .header("User-Agent", userAgent).header("X-Forwarded-For", forwardedFor), JSON));
        assertThat(tracked).containsEntry("visitorId", visitor).containsKey("eventId");
        return visitor;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> visitorsOnMap(String credential, String query) {
        Map<String, Object> map = data(client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/map" + query).bearerAuth(credential), JSON));
        assertThat(map.get("count")).isEqualTo(((List<?>) map.get("visitors")).size());
        return (List<Map<String, Object>>) map.get("visitors");
    }

    @Test
    void aTrackedPageviewAppearsOnTheRealtimeMap() {
        Map<String, Object> site = createWebsite("shop.example");
        String key = createKey(site.get("websiteId"));
        String visitor = pageview(site, "/pricing?utm_source=newsletter");

        List<Map<String, Object>> visitors = visitorsOnMap(key, "");
        assertThat(visitors).hasSize(1);
        Map<String, Object> shown = visitors.get(0);
        assertThat(shown).containsEntry("visitorId", visitor)
                .containsEntry("currentUrl", "/pricing?utm_source=newsletter")
                .containsEntry("referrer", "https://news.ycombinator.com/")
                .containsEntry("visitCount", 1)
                .containsEntry("isCustomer", false)
                .doesNotContainKey("conversionLikelihood");
        assertThat((Map<String, Object>) shown.get("params")).containsEntry("utm_source", "newsletter")
                .containsEntry("ref", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMapCountsEveryActiveVisitorButListsAtMostItsLimitNewestFirst() {
        Map<String, Object> site = createWebsite("flood.example");
        String key = createKey(site.get("websiteId"));
        List<String> visitors = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visitors.add(pageview(site, "/" + i));
        }

        Map<String, Object> map = data(client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/analytics/realtime/map?limit=2").bearerAuth(key), JSON));

        assertThat(map.get("count")).isEqualTo(5);
        assertThat((List<Map<String, Object>>) map.get("visitors")).hasSize(2)
                .allSatisfy(v -> assertThat(visitors).contains((String) v.get("visitorId")));
        HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> client.toBlocking().exchange(
                        HttpRequest.GET("/api/v1/analytics/realtime/map?limit=10001").bearerAuth(key), JSON));
        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        assertThat(refused.getResponse().getBody(Map.class).map(Object::toString).orElse("")).contains("limit");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pageviewsAreLocatedByTheForwardedClientIpAndClassifiedByTheirUserAgent() {
        Map<String, Object> site = createWebsite("geo.example");
        String key = createKey(site.get("websiteId"));
        pageview(site, "/");

        Map<String, Object> shown = visitorsOnMap(key, "").get(0);
        assertThat((Map<String, Object>) shown.get("location")).containsEntry("city", "London")
                .containsEntry("region", "GB-ENG").containsEntry("countryCode", "GB");
        assertThat(((Number) shown.get("latitude")).doubleValue()).isEqualTo(51.5142);
        assertThat(shown.get("system")).isEqualTo(Map.of("browser", Map.of("name", "Chrome"),
                "os", Map.of("name", "Mac OS"), "device", Map.of("type", "desktop")));
    }

    @Test
    void robotsAreAnsweredButNeverShown() {
        Map<String, Object> site = createWebsite("robots.example");
        String key = createKey(site.get("websiteId"));
        pageview(site, "/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "81.2.69.160");
        pageview(site, "/", "curl/8.5.0", "81.2.69.160");

        assertThat(visitorsOnMap(key, "")).isEmpty();
        assertThat(listed(site.get("websiteId")).get("robots")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("total", "today").containsEntry("total", 2);
    }

    @Test
    void aWebsiteWithoutRobotsIsListedWithZeroRobots() {
        Map<String, Object> site = createWebsite("no-robots.example");
        pageview(site, "/");

        assertThat(listed(site.get("websiteId")).get("robots")).isEqualTo(Map.of("total", 0, "today", 0));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> listed(Object websiteId) {
        List<Map<String, Object>> websites = (List<Map<String, Object>>) client.toBlocking().exchange(
                HttpRequest.GET("/api/v1/admin/websites").bearerAuth(ADMIN), JSON).body().get("data");
        return websites.stream().filter(w -> w.get("websiteId").equals(websiteId)).findFirst().orElseThrow();
    }

    @Test
    void aWebsiteKeyNeverSeesAnotherWebsite() {
        Map<String, Object> a = createWebsite("a.example");
        Map<String, Object> b = createWebsite("b.example");
        String keyA = createKey(a.get("websiteId"));
        String keyB = createKey(b.get("websiteId"));
        String visitorA = pageview(a, "/");
        String visitorB = pageview(b, "/");

        assertThat(visitorsOnMap(keyA, "")).extracting(v -> v.get("visitorId")).containsExactly(visitorA);
        assertThat(visitorsOnMap(keyB, "")).extracting(v -> v.get("visitorId")).containsExactly(visitorB);
        assertThat(status(keyA, "?websiteId=" + b.get("websiteId"))).isEqualTo(403);
        assertThat(visitorsOnMap(ADMIN, "?website_id=" + a.get("websiteId")))
                .extracting(v -> v.get("visitorId")).containsExactly(visitorA);
    }

    @Test
    void missingOrUnknownCredentialsAreUnauthorized() {
        assertThat(status(null, "")).isEqualTo(401);
        assertThat(status("df_" + "0".repeat(64), "")).isEqualTo(401);
        assertThat(status(ADMIN, "")).as("account token without websiteId").isEqualTo(400);
        assertThat(status(ADMIN, "?websiteId=ffffffffffffffffffffffff")).isEqualTo(404);
    }

    private int status(String credential, String query) {
        HttpRequest<?> request = HttpRequest.GET("/api/v1/analytics/realtime/map" + query);
        if (credential != null) {
            request = ((io.micronaut.http.MutableHttpRequest<?>) request).bearerAuth(credential);
        }
        try {
            return client.toBlocking().exchange(request, JSON).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            assertThat(e.getResponse().getBody(JSON)).get()
                    .satisfies(body -> assertThat(body).containsEntry("status", "error"));
            return e.getStatus().getCode();
        }
    }
}
