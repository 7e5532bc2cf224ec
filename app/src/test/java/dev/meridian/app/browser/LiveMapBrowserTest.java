package dev.meridian.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.geoip.MaxMindTestDatabases;
import dev.meridian.http.realtime.Pseudonyms;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Website;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The live map page in a real browser, fed by the realtime stream of this server. */
@ExtendWith(BrowserAvailable.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = "dft_0123456789abcdef0123456789abcdef")
@Property(name = "meridian.data-dir", value = "target/browser-data")
class LiveMapBrowserTest implements TestPropertyProvider {

    /** An address the GeoIP2 test database places in London. */
    private static final String LONDON_IP = "81.2.69.160";
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "map.png");
    private static final Path PANEL_SCREENSHOT = Path.of("target", "screenshots", "visitor-panel.png");

    @Inject
    EmbeddedServer server;

    @Inject
    ManageWebsites websites;

    @Inject
    @Client("/")
    HttpClient client;

    private ChromeDriver browser;
    private Website site;
    private String key;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("meridian.geoip-db", MaxMindTestDatabases.path(MaxMindTestDatabases.GEOIP2_CITY).toString());
    }

    @BeforeAll
    void startBrowserOnTheMapPage() {
        site = websites.create(new NewWebsite("shop.example", "Shop", null, null));
        key = websites.createApiKey(site.id());
        browser = HeadlessChromium.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait within(Duration duration) {
        return new WebDriverWait(browser, duration, Duration.ofMillis(50));
    }

    private void openWithKey() {
        browser.get("http://localhost:" + server.getPort() + "/map");
        browser.executeScript("localStorage.clear()");
        browser.navigate().refresh();
        within(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        within(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
        within(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#land path.country")).isEmpty());
    }

    private String track(String path, String type, Map<String, String> extraData, String visitorId) {
        return track(path, type, extraData, visitorId, "https://news.ycombinator.com/", "s" + UUID.randomUUID());
    }

    private String track(String path, String type, Map<String, String> extraData, String visitorId, String referrer,
            String sessionId) {
        Map<String, Object> body = new HashMap<>(Map.of("websiteId", site.trackingId(), "domain", "shop.example",
                "href", "https://shop.example" + path, "referrer", referrer, "type", type,
                "visitorId", visitorId, "sessionId", sessionId, "extraData", extraData));
        body.put("viewport", Map.of("width", 1280, "height", 800));
        client.toBlocking().exchange(HttpRequest.POST("/api/events", body)
                .header("User-Agent", HeadlessChromium.USER_AGENT)
                .header("X-Forwarded-For", LONDON_IP), Argument.mapOf(String.class, Object.class));
        return visitorId;
    }

    @Test
    void aNewPageviewShowsItsDotAndListEntryWithin2Seconds() throws IOException {
        openWithKey();

        String visitor = track("/pricing?plan=pro", "pageview", Map.of(), UUID.randomUUID().toString());

        By entry = By.cssSelector("#visitors li[data-visitor-id='" + visitor + "']");
        By dot = By.cssSelector("#dots g[data-visitor-id='" + visitor + "'] circle.dot");
        within(Duration.ofSeconds(2)).until(ExpectedConditions.and(
                ExpectedConditions.presenceOfElementLocated(entry), ExpectedConditions.presenceOfElementLocated(dot)));

        String listed = browser.findElement(entry).getText();
        assertThat(listed).contains(Pseudonyms.standard().of(visitor), "London", "/pricing?plan=pro",
                "from news.ycombinator.com");
        int shown = browser.findElements(By.cssSelector("#visitors li")).size();
        assertThat(browser.findElement(By.id("count")).getText())
                .isEqualTo(shown + (shown == 1 ? " visitor online" : " visitors online"));
        assertThat(browser.findElement(By.cssSelector("#events li[data-event-type=pageview]")).getText())
                .contains("viewed /pricing?plan=pro");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aClickOnAVisitorOpensAPanelWithItsJourney() throws IOException {
        openWithKey();
        String session = "s" + UUID.randomUUID();
        String visitor = track("/?utm_source=newsletter&gclid=g-42", "pageview", Map.of(), UUID.randomUUID().toString(),
                "https://news.ycombinator.com/", session);
        track("/pricing", "pageview", Map.of(), visitor, "https://news.ycombinator.com/", session);
        track("/pricing", "custom", Map.of("eventName", "signup"), visitor, "https://news.ycombinator.com/", session);
        client.toBlocking().exchange(HttpRequest.POST("/api/v1/payments", Map.of("amount", 49, "currency", "USD",
                "transaction_id", "tx-panel-" + visitor, "datafast_visitor_id", visitor)).bearerAuth(key));
        String other = track("/docs", "pageview", Map.of(), UUID.randomUUID().toString());
        By entry = By.cssSelector("#visitors li[data-visitor-id='" + visitor + "']");
        within(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(entry));

        browser.findElement(entry).click();

        By panel = By.id("journey");
        within(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("journey-status"),
                visitor));
        String shown = browser.findElement(panel).getText();
        assertThat(shown).contains(Pseudonyms.standard().of(visitor), "London", "Chrome", "utm_source=newsletter",
                "gclid", "shop.example/pricing", "goal: signup", "paid: payment", "49 USD",
                "never identified", "1280 × 800");
        assertThat(browser.findElement(By.xpath("//div[@id='journey-body']//dt[.='Pageviews']/following-sibling::dd[1]"))
                .getText()).isEqualTo("2");
        assertThat(browser.findElement(entry).getAttribute("class")).contains("selected");
        Files.createDirectories(PANEL_SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), PANEL_SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);

        By otherDot = By.cssSelector("#dots g[data-visitor-id='" + other + "'] circle.dot");
        within(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(otherDot));
        browser.executeScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                browser.findElement(otherDot));
        within(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("journey-status"),
                other));
        assertThat(browser.findElement(panel).getText()).contains("shop.example/docs").doesNotContain("goal: signup");

        browser.findElement(By.id("journey-close")).click();
        assertThat(browser.findElement(panel).isDisplayed()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesPathsGoalParamsAndReferrersAreStoredVerbatimButShownAsTextNeverAsMarkup() {
        openWithKey();
        String script = "<script>document.body.dataset.pwned='yes'</script>";
        String name = "<img src=x onerror=\"document.body.dataset.pwned='yes'\">" + script + "<b>bold</b>";
        // a URL cannot hold a raw '<' (the tracker sends what the browser encoded): the path and the referrer carry
        // the encoded script, quotes that would end an attribute, and a campaign parameter that decodes to a script
        String path = "/x?q=%3Cscript%3Ealert(1)%3C/script%3E&utm_source=%3Cscript%3Ealert(2)%3C%2Fscript%3E"
                + "&r='onmouseover='alert(3)";
        String referrer = "https://evil.example/%3Cscript%3Ealert(4)%3C/script%3E?'onload='alert(5)";
        String session = "s" + UUID.randomUUID();
        String visitor = track(path, "pageview", Map.of(), UUID.randomUUID().toString(), referrer, session);
        track("/x", "identify", Map.of("user_id", "u1", "name", name), visitor, referrer, session);
        track("/x", "custom", Map.of("eventName", "clicked", "label", script), visitor, referrer, session);

        Map<String, Object> map = (Map<String, Object>) client.toBlocking().retrieve(
                HttpRequest.GET("/api/v1/analytics/realtime/map").bearerAuth(key), Argument.mapOf(String.class, Object.class))
                .get("data");
        Map<String, Object> stored = ((List<Map<String, Object>>) map.get("visitors")).stream()
                .filter(v -> visitor.equals(v.get("visitorId"))).findFirst().orElseThrow();
        assertThat(stored).containsEntry("currentUrl", path).containsEntry("referrer", referrer);
        assertThat((Map<String, Object>) stored.get("params")).containsEntry("utm_source", "<script>alert(2)</script>");
        assertThat((Map<String, Object>) stored.get("profileData")).containsEntry("displayName", name);
        assertThat((List<Map<String, Object>>) map.get("recentEvents")).anySatisfy(event ->
                assertThat((Map<String, Object>) event.get("extraData")).containsEntry("label", script));

        By entry = By.cssSelector("#visitors li[data-visitor-id='" + visitor + "']");
        within(Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(
                By.cssSelector("#visitors li[data-visitor-id='" + visitor + "'] .name"), name));
        assertThat(browser.findElement(entry).getText()).contains(path, "from evil.example");
        // the custom event may reach the page a moment after the identify that named the visitor
        within(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"),
                "label=" + script));
        List<WebElement> injected = browser.findElements(By.cssSelector("#live img, #live b, #live script"));
        assertThat(injected).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#live [onmouseover], #live [onload], #live [onerror]"))).isEmpty();
        assertThat(browser.executeScript("return document.body.dataset.pwned || 'no'")).isEqualTo("no");
    }

    @Test
    void withoutTheStreamThePagePollsTheMapEndpointAndReconnectsWhenItIsBack() {
        openWithKey();
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/v1/analytics/realtime/stream*")));
        try {
            browser.navigate().refresh();
            within(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("status"), "data-state",
                    "polling"));

            String visitor = track("/while-polling", "pageview", Map.of(), UUID.randomUUID().toString());

            within(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#visitors li[data-visitor-id='" + visitor + "']")));
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
        within(Duration.ofSeconds(35)).until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
    }

    @Test
    void forgettingTheKeyAsksForItAgainAndRemovesItFromStorage() {
        openWithKey();

        browser.findElement(By.id("forget")).click();

        within(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        assertThat(browser.executeScript("return localStorage.getItem('meridian.map.key')")).isNull();
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isFalse();
    }

    @Test
    void aRefusedKeyIsSaidAndAskedForAgain() {
        browser.get("http://localhost:" + server.getPort() + "/map");
        browser.executeScript("localStorage.setItem('meridian.map.key', 'df_" + "0".repeat(64) + "')");
        browser.navigate().refresh();

        within(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("The server refused this key");
        assertThat(browser.findElement(By.id("key")).isDisplayed()).isTrue();
    }
}
