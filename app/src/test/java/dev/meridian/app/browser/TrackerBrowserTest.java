package dev.meridian.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.geoip.MaxMindTestDatabases;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.Website;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The tracking script in a real browser, on a page of the test site served by this server on {@code localhost}:
 * what it sends is read back from the realtime map.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = "dft_0123456789abcdef0123456789abcdef")
@Property(name = "meridian.data-dir", value = "target/browser-data")
@Property(name = "meridian.test-site.enabled", value = "true")
class TrackerBrowserTest implements TestPropertyProvider {

    private static final Duration RECORDED_WITHIN = Duration.ofSeconds(10);

    @Inject
    EmbeddedServer server;

    @Inject
    ManageWebsites websites;

    @Inject
    GetRealtimeMap realtimeMap;

    private ChromeDriver browser;
    private Website site;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("meridian.geoip-db", MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY).toString());
    }

    @BeforeAll
    void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void newWebsiteAndFreshCookies() {
        site = websites.create(new NewWebsite("localhost", "Test shop", null, null));
        browser.get(url("/js/script.js"));
        browser.manage().deleteAllCookies();
        browser.executeScript("localStorage.clear()");
    }

    private String url(String path) {
        return "http://localhost:" + server.getPort() + path;
    }

    private void open(String page, String extraQuery) {
        browser.get(url("/test-site/" + page + "?site=" + site.trackingId() + extraQuery));
    }

    private RealtimeMap map() {
        return realtimeMap.forWebsite(site.id());
    }

    private RealtimeMap awaitMap(String what, Predicate<RealtimeMap> condition) {
        long deadline = System.nanoTime() + RECORDED_WITHIN.toNanos();
        while (true) {
            RealtimeMap map = map();
            if (condition.test(map)) {
                return map;
            }
            assertThat(System.nanoTime()).as("%s within %s; map now: %s", what, RECORDED_WITHIN, map.recentEvents())
                    .isLessThan(deadline);
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Predicate<RealtimeMap> hasEvent(EventType type, Predicate<RecentEvent> matching) {
        return map -> map.recentEvents().stream().anyMatch(e -> e.type() == type && matching.test(e));
    }

    private static List<RecentEvent> events(RealtimeMap map, EventType type) {
        return map.recentEvents().stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void aPageviewWithTheCookiesIdsAndTheGoalQueuedBeforeTheScriptLoaded() {
        open("shop", "");

        RealtimeMap map = awaitMap("the pageview and the queued goal", hasEvent(EventType.PAGEVIEW, e -> true)
                .and(hasEvent(EventType.CUSTOM, e -> e.extraData().get("eventName").equals("queued_goal"))));

        Cookie visitorCookie = browser.manage().getCookieNamed("datafast_visitor_id");
        Cookie sessionCookie = browser.manage().getCookieNamed("datafast_session_id");
        assertThat(visitorCookie.getValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(sessionCookie.getValue()).matches("s[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(visitorCookie.getExpiry()).isAfter(new java.util.Date(System.currentTimeMillis()
                + Duration.ofDays(364).toMillis()));
        assertThat(sessionCookie.getExpiry()).isBefore(new java.util.Date(System.currentTimeMillis()
                + Duration.ofMinutes(31).toMillis()));

        ActiveVisitor visitor = map.visitors().get(0);
        assertThat(map.visitors()).hasSize(1);
        assertThat(visitor.visitorId()).isEqualTo(visitorCookie.getValue());
        assertThat(visitor.currentUrl()).isEqualTo("/test-site/shop?site=" + site.trackingId());
        assertThat(visitor.system().browser()).isEqualTo("Chrome");
        assertThat(events(map, EventType.CUSTOM).get(0).extraData()).containsEntry("plan", "pro");
    }

    @Test
    void goalsFromTheApiAndFromClicksOutboundLinksAndIdentifyAreRecorded() {
        open("shop", "");
        awaitMap("the pageview", hasEvent(EventType.PAGEVIEW, e -> true));

        browser.executeScript("window.datafast('signup', {source: 'browser test'})");
        browser.findElement(By.id("buy")).click();
        browser.findElement(By.id("outbound")).click();
        browser.executeScript("window.datafast('identify', {user_id: 'user-42', name: 'Ada Lovelace'})");

        RealtimeMap map = awaitMap("two goals, an outbound click and identify",
                hasEvent(EventType.CUSTOM, e -> e.extraData().get("eventName").equals("signup"))
                        .and(hasEvent(EventType.CUSTOM, e -> e.extraData().get("eventName").equals("checkout_click")))
                        .and(hasEvent(EventType.EXTERNAL_LINK, e -> true))
                        .and(hasEvent(EventType.IDENTIFY, e -> true)));

        assertThat(events(map, EventType.CUSTOM)).extracting(RecentEvent::extraData)
                .contains(Map.of("eventName", "signup", "source", "browser test"))
                .contains(Map.of("eventName", "checkout_click", "plan_name", "pro"));
        assertThat(events(map, EventType.EXTERNAL_LINK).get(0).extraData())
                .isEqualTo(Map.of("url", "https://docs.example.org/guide", "text", "Read the guide"));
        assertThat(events(map, EventType.IDENTIFY).get(0).extraData())
                .containsEntry("user_id", "user-42").containsEntry("name", "Ada Lovelace");
        assertThat(map.visitors().get(0).profileData().displayName()).isEqualTo("Ada Lovelace");
        assertThat(map.visitors().get(0).profileData().userId()).isEqualTo("user-42");
    }

    @Test
    void historyNavigationIsAPageviewOncePerUrl() {
        open("shop", "");
        awaitMap("the first pageview", hasEvent(EventType.PAGEVIEW, e -> true));

        browser.findElement(By.id("navigate")).click(); // pushState, then replaceState to the same URL
        awaitMap("the pageview of /pricing", hasEvent(EventType.PAGEVIEW, e -> e.path().startsWith("/test-site/pricing")));
        browser.executeScript("window.datafast('after_navigation')");
        RealtimeMap map = awaitMap("a later goal", hasEvent(EventType.CUSTOM,
                e -> e.extraData().get("eventName").equals("after_navigation")));

        assertThat(events(map, EventType.PAGEVIEW)).extracting(RecentEvent::path).containsExactly(
                "/test-site/pricing?site=" + site.trackingId(), "/test-site/shop?site=" + site.trackingId());
        assertThat(map.visitors().get(0).currentUrl()).startsWith("/test-site/pricing");
    }

    @Test
    void nothingIsTrackedOnLocalhostWithoutAllowLocalhostNorWithDatafastIgnore() {
        open("quiet", "&allowLocalhost=false");
        assertThat(browser.executeScript("return typeof window.datafast")).isEqualTo("function");
        browser.executeScript("window.datafast('should_not_be_sent')");

        open("shop", "");
        browser.executeScript("localStorage.setItem('datafast_ignore', 'true')");
        open("ignored", "");
        browser.executeScript("window.datafast('should_not_be_sent')");
        browser.executeScript("localStorage.removeItem('datafast_ignore')");
        open("after", "");

        // the last page is tracked: what the silent pages would have sent came before it
        RealtimeMap map = awaitMap("the last page", hasEvent(EventType.PAGEVIEW, e -> e.path().startsWith("/test-site/after")));
        sleep(300);
        map = map();
        assertThat(events(map, EventType.PAGEVIEW)).extracting(RecentEvent::path)
                .noneMatch(path -> path.startsWith("/test-site/quiet") || path.startsWith("/test-site/ignored"));
        assertThat(events(map, EventType.CUSTOM)).extracting(e -> e.extraData().get("eventName"))
                .doesNotContain("should_not_be_sent");
    }
}
