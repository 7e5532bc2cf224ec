package dev.meridian.app;

import static dev.meridian.app.JsonApi.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.JsonApi.Answer;
import dev.meridian.app.JsonApi.Site;
import dev.meridian.core.access.Secrets;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The visitor routes (API.md §9) on the real server over the in-memory store: what tracking, goals, identify and
 * payments sent over HTTP show in a journey and in the list, and the credential rules with real keys and tokens.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = VisitorsEndToEndTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/e2e-visitors-data")
@Property(name = "meridian.enrichment.enabled", value = "false")
@Property(name = "meridian.test.visitors-detector", value = "true")
class VisitorsEndToEndTest {

    static final String ADMIN = "dft_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String ROBOT = "Googlebot/2.1 (+http://www.google.com/bot.html)";

    /** Chrome 126 on a Mac for everyone but robots (the server's parser is off in this test). */
    @Factory
    @Requires(property = "meridian.test.visitors-detector", value = "true")
    static class FixedDetector {
        @Singleton
        @Replaces(DeviceDetector.class)
        DeviceDetector detector() {
            return ua -> ua != null && ua.contains("bot") ? new ClientDevice(SystemInfo.UNKNOWN, true)
                    : new ClientDevice(new SystemInfo("Chrome", "Mac OS", "desktop"), false,
                            new DeviceDetails("126", ">=10.15.7", "Apple", "Macintosh"));
        }
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Storage storage;

    private Answer send(MutableHttpRequest<?> request, String credential) {
        return new JsonApi(client, ADMIN).send(request, credential);
    }

    @SuppressWarnings("unchecked")
    private static String errorMessage(Answer answer, int status) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.body()).containsEntry("status", "error");
        return (String) ((Map<String, Object>) answer.body().get("error")).get("message");
    }

    private Site createSite(String domain) {
        return new JsonApi(client, ADMIN).createSite(domain);
    }

    private Answer track(Site site, String visitor, String href, String userAgent) {
        Map<String, Object> body = new HashMap<>(Map.of("websiteId", site.trackingId(), "domain", site.domain(),
                "href", href, "type", "pageview", "visitorId", visitor, "sessionId", "s" + UUID.randomUUID()));
        return send(HttpRequest.POST("/api/events", body).header("User-Agent", userAgent), null);
    }

    private String visit(Site site, String href) {
        String visitor = UUID.randomUUID().toString();
        data(track(site, visitor, href, "Mozilla/5.0 (Macintosh) Chrome/126"));
        return visitor;
    }

    private Answer journey(Site site, String visitor, String credential) {
        return send(HttpRequest.GET("/api/v1/visitors/" + visitor), credential);
    }

    private String token(Set<Permission> permissions, Set<String> websites) {
        String token = Secrets.generate(Secrets.ACCOUNT_TOKEN_PREFIX);
        storage.credentials().saveAccountToken(new AccountToken(Secrets.hash(token), permissions, websites, Instant.now()));
        return token;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJourneyShowsPagesGoalsAndPaymentsAsGoalsFromThePaymentProvider() {
        Site site = createSite("journey.example");
        String visitor = visit(site, "https://journey.example/?utm_source=news&gclid=g-1");
        assertThat(send(HttpRequest.POST("/api/v1/goals", Map.of("datafast_visitor_id", visitor, "name", "signup")),
                site.key()).status()).isEqualTo(200);
        assertThat(send(HttpRequest.POST("/api/v1/payments", Map.of("amount", 29.5, "currency", "USD",
                "transaction_id", "tx-j1", "datafast_visitor_id", visitor)), site.key()).status()).isEqualTo(200);

        Map<String, Object> journey = data(journey(site, visitor, site.key()));

        assertThat(journey).containsEntry("visitorId", visitor).doesNotContainKey("profile").containsKey("prediction");
        Map<String, Object> identity = (Map<String, Object>) journey.get("identity");
        assertThat((Map<String, Object>) identity.get("params")).containsEntry("utm_source", "news");
        assertThat((Map<String, Object>) identity.get("adClickIds")).containsExactly(Map.entry("gclid", "g-1"));
        assertThat((Map<String, Object>) identity.get("browser")).containsEntry("name", "Chrome");
        Map<String, Object> activity = (Map<String, Object>) journey.get("activity");
        assertThat(activity).containsEntry("currentUrl", "journey.example/").containsEntry("pageViewCount", 1);
        List<Map<String, Object>> goals = (List<Map<String, Object>>) activity.get("completedGoals");
        assertThat(goals).extracting(g -> g.get("name")).containsExactly("signup", "payment");
        assertThat(goals).extracting(g -> g.get("origin")).containsExactly("manual", "payment_provider");
        assertThat((List<Map<String, Object>>) journey.get("payments")).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("transactionId", "tx-j1").containsEntry("refunded", false));
        assertThat(journey.get("prediction")).as("a customer has no prediction").isNull();

        data(send(HttpRequest.POST("/api/v1/identify", Map.of("datafast_visitor_id", visitor, "user_id", "u-7",
                "name", "Ada", "plan", "pro")), site.key()));
        Map<String, Object> profile = (Map<String, Object>) data(journey(site, visitor, site.key())).get("profile");
        assertThat(profile).containsEntry("userId", "u-7").containsKey("identifiedAt");
        assertThat((Map<String, Object>) profile.get("metadata")).containsEntry("name", "Ada").containsEntry("plan", "pro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIdentityHasTheLatestPageviewsVersionsDeviceAndViewport() {
        Site site = createSite("identity.example");
        String visitor = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(Map.of("websiteId", site.trackingId(), "domain", site.domain(),
                "href", "https://identity.example/", "type", "pageview", "visitorId", visitor,
                "sessionId", "s" + UUID.randomUUID(), "viewport", Map.of("width", 1440, "height", 900)));
        data(send(HttpRequest.POST("/api/events", body).header("User-Agent", "Mozilla/5.0 (Macintosh) Chrome/126"), null));
        body.put("viewport", Map.of("width", 0, "height", 900));
        assertThat(errorMessage(send(HttpRequest.POST("/api/events", body).header("User-Agent", "Mozilla/5.0"), null), 400))
                .contains("viewport.width");

        Map<String, Object> identity = (Map<String, Object>) data(journey(site, visitor, site.key())).get("identity");

        assertThat((Map<String, Object>) identity.get("browser")).containsEntry("name", "Chrome").containsEntry("version", "126");
        assertThat((Map<String, Object>) identity.get("os")).containsEntry("name", "Mac OS").containsEntry("version", ">=10.15.7");
        assertThat((Map<String, Object>) identity.get("device")).containsEntry("type", "desktop")
                .containsEntry("vendor", "Apple").containsEntry("model", "Macintosh");
        assertThat((Map<String, Object>) identity.get("viewport")).containsEntry("width", 1440).containsEntry("height", 900);

        data(track(site, visitor, "https://identity.example/next", "Mozilla/5.0 (Macintosh) Chrome/126"));
        Map<String, Object> later = (Map<String, Object>) data(journey(site, visitor, site.key())).get("identity");
        assertThat((Map<String, Object>) later.get("viewport")).as("the latest pageview sent none")
                .containsEntry("width", null).containsEntry("height", null);
    }

    @Test
    void aKeyOfAnotherWebsiteGets404AndTokensFollowTheMapsRules() {
        Site site = createSite("tenant-a.example");
        Site other = createSite("tenant-b.example");
        String visitor = visit(site, "https://tenant-a.example/");

        errorMessage(journey(site, visitor, other.key()), 404);
        errorMessage(send(HttpRequest.GET("/api/v1/visitors/" + visitor + "?websiteId=" + site.id()), other.key()), 403);
        String reader = token(Set.of(Permission.ANALYTICS_READ), Set.of(site.id()));
        data(send(HttpRequest.GET("/api/v1/visitors/" + visitor + "?websiteId=" + site.id()), reader));
        errorMessage(send(HttpRequest.GET("/api/v1/visitors/" + visitor + "?websiteId=" + other.id()), reader), 403);
        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors/" + visitor), reader), 400)).contains("websiteId");
        String writer = token(Set.of(Permission.GOALS_WRITE), Set.of());
        errorMessage(send(HttpRequest.GET("/api/v1/visitors?websiteId=" + site.id()), writer), 403);
        errorMessage(send(HttpRequest.GET("/api/v1/visitors"), null), 401);
    }

    @Test
    void aNonUuidIdIs400AndARobotWhichIsNeverStoredIs400TooButAnUnknownIdIs404() {
        Site site = createSite("robots.example");
        Site other = createSite("robots-b.example");
        String robot = UUID.randomUUID().toString();
        assertThat(data(track(site, robot, "https://robots.example/", ROBOT))).containsEntry("eventId", null);

        assertThat(errorMessage(journey(site, "12345", site.key()), 400)).contains("visitorId");
        assertThat(errorMessage(journey(site, robot, site.key()), 400)).contains("visitor is a robot");
        errorMessage(journey(other, robot, other.key()), 404);
        errorMessage(journey(site, UUID.randomUUID().toString(), site.key()), 404);
        assertThat(storage.visitors().find(site.id(), robot)).as("still not stored as a visitor").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListFiltersAndPaginates() {
        Site site = createSite("list.example");
        String first = visit(site, "https://list.example/docs?utm_source=news&utm_campaign=spring");
        String second = visit(site, "https://list.example/blog");
        String third = visit(site, "https://list.example/docs?utm_source=ads");

        Answer page = send(HttpRequest.GET("/api/v1/visitors?limit=2"), site.key());
        assertThat(page.status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) page.body().get("data")).extracting(r -> r.get("visitorId"))
                .containsExactly(third, second);
        assertThat((Map<String, Object>) page.body().get("pagination")).containsEntry("offset", 0)
                .containsEntry("limit", 2).containsEntry("total", 3).containsEntry("hasMore", true);
        Answer rest = send(HttpRequest.GET("/api/v1/visitors?limit=2&offset=2"), site.key());
        assertThat((List<Map<String, Object>>) rest.body().get("data")).extracting(r -> r.get("visitorId"))
                .containsExactly(first);
        assertThat((Map<String, Object>) rest.body().get("pagination")).containsEntry("hasMore", false);

        Answer docs = send(HttpRequest.GET("/api/v1/visitors?page=/docs&utm_source=news,other"), site.key());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) docs.body().get("data");
        assertThat(rows).extracting(r -> r.get("visitorId")).containsExactly(first);
        assertThat((Map<String, Object>) rows.get(0).get("acquisition")).containsEntry("utm_campaign", "spring");
        assertThat((Map<String, Object>) rows.get(0).get("identity")).containsEntry("browser", "Chrome");

        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors?limit=251"), site.key()), 400)).contains("limit");
        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors?offset=-1"), site.key()), 400)).contains("offset");
        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors?startAt=2026-01-01"), site.key()), 400))
                .contains("endAt");
        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors?isCustomer=maybe"), site.key()), 400))
                .contains("isCustomer");
        assertThat(errorMessage(send(HttpRequest.GET("/api/v1/visitors?goal=" + "a,".repeat(50) + "b"), site.key()), 400))
                .contains("goal");
    }
}
