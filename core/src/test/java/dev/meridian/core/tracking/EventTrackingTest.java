package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.TrackingFixture;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.in.TrackResult;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTrackingTest {

    private final TrackingFixture f = new TrackingFixture();
    private final String visitor = TrackingFixture.newVisitorId();
    private final String session = TrackingFixture.newSessionId();

    private VisitorState state() {
        return f.store.visitors().find(f.website.id(), visitor).orElseThrow();
    }

    @Test
    void firstPageviewCreatesAVisitorInItsFirstSession() {
        TrackResult result = f.pageview(visitor, session, "https://example.com/pricing?plan=pro");

        assertThat(result.stored()).isTrue();
        assertThat(result.visitorId()).isEqualTo(visitor);
        assertThat(result.eventId()).matches("[0-9a-f]{24}");
        VisitorState state = state();
        assertThat(state.visitCount()).isEqualTo(1);
        assertThat(state.sessionId()).isEqualTo(session);
        assertThat(state.sessionStartedAt()).isEqualTo(f.clock.now());
        assertThat(state.currentUrl()).isEqualTo("/pricing?plan=pro");
        assertThat(state.location().city()).isEqualTo("Denver");
        assertThat(state.system().browser()).isEqualTo("Chrome");
        assertThat(state.firstTouch()).isEqualTo(new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "(direct)"));
    }

    @Test
    void visitorIdleFor29MinutesStaysInItsSession() {
        f.pageview(visitor, session, "https://example.com/");
        Instant start = f.clock.now();
        f.clock.advance(Duration.ofMinutes(29));
        f.pageview(visitor, session, "https://example.com/docs");

        assertThat(state().visitCount()).isEqualTo(1);
        assertThat(state().sessionStartedAt()).isEqualTo(start);
        assertThat(state().currentUrl()).isEqualTo("/docs");
    }

    @Test
    void visitorIdleFor31MinutesStartsANewSession() {
        f.pageview(visitor, session, "https://example.com/");
        f.clock.advance(Duration.ofMinutes(31));
        f.pageview(visitor, session, "https://example.com/again");

        assertThat(state().visitCount()).isEqualTo(2);
        assertThat(state().sessionStartedAt()).isEqualTo(f.clock.now());
    }

    @Test
    void idleTimeIsMeasuredFromTheLatestEventOfAnyType() {
        f.pageview(visitor, session, "https://example.com/");
        f.clock.advance(Duration.ofMinutes(20));
        f.track(visitor, session, "custom", "https://example.com/", null, Map.of("eventName", "signup"));
        f.clock.advance(Duration.ofMinutes(20));
        f.pageview(visitor, session, "https://example.com/next");

        assertThat(state().visitCount()).isEqualTo(1);
    }

    @Test
    void anotherClientSessionIdStartsANewSession() {
        f.pageview(visitor, session, "https://example.com/");
        f.clock.advance(Duration.ofMinutes(1));
        String next = TrackingFixture.newSessionId();
        f.pageview(visitor, next, "https://example.com/");

        assertThat(state().visitCount()).isEqualTo(2);
        assertThat(state().sessionId()).isEqualTo(next);
    }

    @Test
    void landingParamsAndReferrerBelongToTheSessionsFirstPageview() {
        f.track(visitor, session, "pageview", "https://example.com/?utm_source=news&utm_medium=email&ref=abc",
                "https://news.ycombinator.com/item?id=1", Map.of());
        f.clock.advance(Duration.ofMinutes(1));
        f.track(visitor, session, "pageview", "https://example.com/pricing?utm_source=other",
                "https://google.com/", Map.of());

        VisitorState state = state();
        assertThat(state.sessionParams()).isEqualTo(
                new TrackingParams("abc", null, null, "news", "email", null, null, null));
        assertThat(state.sessionReferrer()).isEqualTo("https://news.ycombinator.com/item?id=1");
        assertThat(state.firstTouch().referrer()).isEqualTo("news.ycombinator.com");

        f.clock.advance(Duration.ofMinutes(45));
        f.track(visitor, session, "pageview", "https://example.com/?utm_campaign=spring", "https://www.Google.com/",
                Map.of());
        assertThat(state().sessionParams().utmCampaign()).isEqualTo("spring");
        assertThat(state().sessionParams().utmSource()).isNull();
        assertThat(state().sessionReferrer()).isEqualTo("https://www.Google.com/");
        assertThat(state().firstTouch().referrer()).as("first touch never changes").isEqualTo("news.ycombinator.com");
    }

    @Test
    void sameSiteReferrersAreNotReferrers() {
        f.track(visitor, session, "pageview", "https://example.com/", "https://blog.example.com/post", Map.of());

        assertThat(state().sessionReferrer()).isNull();
        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10).get(0).referrer()).isNull();
    }

    @Test
    void referrerDimensionIsTheLowerCaseHostWithoutWww() {
        assertThat(Referrers.dimension("https://WWW.Google.COM/search?q=x")).isEqualTo("google.com");
        assertThat(Referrers.dimension(null)).isEqualTo("(direct)");
        assertThat(Referrers.dimension("not a url")).isEqualTo("(direct)");
    }

    @Test
    void robotsAreAnsweredButNeverStored() {
        TrackResult result = f.meridian.trackEvent().track(new TrackCommand(f.website.trackingId(), "example.com",
                "https://example.com/", null, visitor, session, "pageview", Map.of(), false, "203.0.113.9",
                TrackingFixture.ROBOT));

        assertThat(result.stored()).isFalse();
        assertThat(result.eventId()).isNull();
        assertThat(f.store.visitors().find(f.website.id(), visitor)).isEmpty();
        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10)).isEmpty();
        assertThat(f.meridian.robots().robotsOf(f.website.id()).total()).isEqualTo(1);
    }

    @Test
    void goalsKeepTheirNameAndParamsInOrder() {
        f.pageview(visitor, session, "https://example.com/");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("eventName", "Signup Started");
        extra.put("plan", "pro");
        extra.put("seats", "3");
        f.track(visitor, session, "custom", "https://example.com/signup", null, extra);

        var goal = f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 1).get(0);
        assertThat(goal.type()).isEqualTo(EventType.CUSTOM);
        assertThat(goal.extraData()).containsExactly(Map.entry("eventName", "signup_started"),
                Map.entry("plan", "pro"), Map.entry("seats", "3"));
        assertThat(goal.path()).isEqualTo("/signup");
    }

    @Test
    void identifyFromTheTrackerFillsTheProfile() {
        f.pageview(visitor, session, "https://example.com/");
        f.track(visitor, session, "identify", "https://example.com/", null,
                Map.of("user_id", "u-42", "name", "Ada Lovelace", "plan", "pro"));

        assertThat(state().profile().identified()).isTrue();
        assertThat(state().profile().userId()).isEqualTo("u-42");
        assertThat(state().profile().displayName()).isEqualTo("Ada Lovelace");
        assertThat(state().profile().fields()).containsEntry("plan", "pro");
    }

    @Test
    void cookielessVisitorsGetAStableIdForTheSameClientOnTheSameDay() {
        TrackCommand cookieless = new TrackCommand(f.website.trackingId(), "example.com", "https://example.com/",
                null, null, null, "pageview", Map.of(), true, "203.0.113.9", TrackingFixture.DESKTOP_CHROME);
        String first = f.meridian.trackEvent().track(cookieless).visitorId();
        f.clock.advance(Duration.ofMinutes(5));
        String second = f.meridian.trackEvent().track(cookieless).visitorId();
        String otherClient = f.meridian.trackEvent().track(new TrackCommand(f.website.trackingId(), "example.com",
                "https://example.com/", null, null, null, "pageview", Map.of(), true, "203.0.113.10",
                TrackingFixture.DESKTOP_CHROME)).visitorId();

        assertThat(first).isEqualTo(second).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(otherClient).isNotEqualTo(first);
        assertThat(f.store.visitors().find(f.website.id(), first).orElseThrow().visitCount()).isEqualTo(1);
    }

    @Test
    void unknownTrackingIdIsNotFound() {
        assertThatThrownBy(() -> f.meridian.trackEvent().track(new TrackCommand("dfid_nope", "example.com",
                "https://example.com/", null, visitor, session, "pageview", Map.of(), false, "1.2.3.4", "x")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void eachBrokenFieldIsNamedAndNothingIsStored() {
        assertField(cmd -> cmd.withVisitor("not-a-uuid"), "visitorId");
        assertField(cmd -> cmd.withVisitor("b971cbbf-7ce2-1925-902b-8f95a5fb3449"), "visitorId");
        assertField(cmd -> cmd.withSession(visitor), "sessionId");
        assertField(cmd -> cmd.withType("click"), "type");
        assertField(cmd -> cmd.withHref("ftp://example.com/"), "href");
        assertField(cmd -> cmd.withHref("https://evil.com/"), "href");
        assertField(cmd -> cmd.withHref("https://example.com/" + "a".repeat(2048)), "href");
        assertField(cmd -> cmd.withHref(null), "href");
        assertField(cmd -> cmd.withWebsite(null), "websiteId");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "bad name!")), "extraData.eventName");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "payment")), "extraData.eventName");
        assertField(cmd -> cmd.withType("custom").withExtra(elevenParams()), "extraData");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "ok", "p", "v".repeat(256))),
                "extraData.p");
        assertField(cmd -> cmd.withType("identify").withExtra(Map.of("name", "no user id")), "extraData.user_id");
        assertField(cmd -> cmd.withType("identify").withExtra(Map.of("user_id", "u", "image", "javascript:alert(1)")),
                "extraData.image");

        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10)).isEmpty();
        assertThat(f.store.visitors().find(f.website.id(), visitor)).isEmpty();
    }

    @Test
    void aPercentEncodedNulInACampaignParameterIsLeftOutAndNeverStored() {
        // issue 13 item 1: this href made PostgreSQL refuse the whole group-commit batch (500)
        TrackResult result = f.pageview(visitor, session, "https://example.com/?utm_source=%00x");

        assertThat(result.stored()).isTrue();
        assertThat(state().sessionParams()).isEqualTo(TrackingParams.NONE);
        assertThat(state().currentUrl()).isEqualTo("/?utm_source=%00x");
        f.clock.advance(Duration.ofMinutes(31));
        f.pageview(visitor, session, "https://example.com/?utm_source=news%0Aletter&utm_medium=e%09mail&utm_campaign=ok");
        assertThat(state().sessionParams()).isEqualTo(new TrackingParams(null, null, null, null, null, "ok", null, null));
    }

    @Test
    void aReferrerThatIsNoHttpUrlIsNotStored() {
        for (String referrer : new String[] {"javascript:alert(1)", "javascript://news.example/%0Aalert(1)",
                "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://news.example/",
                "android-app://com.google.android.gm/"}) {
            String v = TrackingFixture.newVisitorId();
            f.track(v, TrackingFixture.newSessionId(), "pageview", "https://example.com/", referrer, Map.of());
            assertThat(f.store.visitors().find(f.website.id(), v).orElseThrow().sessionReferrer()).as(referrer)
                    .isNull();
        }
        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10))
                .allSatisfy(e -> assertThat(e.referrer()).isNull());
        f.track(visitor, session, "pageview", "https://example.com/", "HTTPS://News.example/a", Map.of());
        assertThat(state().sessionReferrer()).isEqualTo("HTTPS://News.example/a");
    }

    @Test
    void anExternalLinkToAnythingButAnHttpUrlIsRefused() {
        f.pageview(visitor, session, "https://example.com/");
        for (String url : new String[] {"javascript:alert(1)", "data:text/html,x", "mailto:a@example.com", "//x.example/",
                "not a url"}) {
            assertField(cmd -> cmd.withType("external_link").withExtra(Map.of("url", url, "text", "x")), "extraData.url");
        }
        f.track(visitor, session, "external_link", "https://example.com/", null,
                Map.of("url", "https://github.com/", "text", "GitHub"));
        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10))
                .extracting(e -> e.extraData().get("url"))
                .containsExactly("https://github.com/", null);
    }

    @Test
    void controlCharactersInAnyTextFieldAreRefusedByNameAndNothingIsStored() {
        assertField(cmd -> cmd.withHref("https://example.com/\u0000"), "href");
        assertField(cmd -> cmd.withWebsite(f.website.trackingId() + "\u0000"), "websiteId");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "ok", "plan", "pro\u0000")),
                "extraData.plan");
        assertField(cmd -> cmd.withType("external_link").withExtra(Map.of("url", "https://x.example/", "text", "a\nb")),
                "extraData.text");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "\u001fsignup")), "extraData.eventName");
        assertField(cmd -> cmd.withType("custom").withExtra(Map.of("eventName", "ok", "\nplan", "pro")),
                "extraData.\nplan");
        assertField(cmd -> cmd.withType("identify").withExtra(Map.of("user_id", "u\u0001")), "extraData.user_id");
        assertField(cmd -> cmd.withType("identify").withExtra(Map.of("user_id", "u", "plan\u0000", "x")),
                "extraData.plan\u0000");
        assertField(cmd -> cmd.withType("identify").withExtra(Map.of("user_id", "u", "name", "\uD800")),
                "extraData.name");
        assertField(cmd -> cmd.withType("payment").withExtra(Map.of("email\u0000", "a@example.com")),
                "extraData.email\u0000");
        assertThatThrownBy(() -> f.track(visitor, session, "pageview", "https://example.com/", "https://x.example/\u0000",
                Map.of())).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("referrer"));
        assertThatThrownBy(() -> f.meridian.trackEvent().track(new TrackCommand(f.website.trackingId(), "example.com",
                "https://example.com/", null, visitor, session, "pageview", Map.of(), false, "203.0.113.9", "UA\u0000")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("userAgent"));

        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10)).isEmpty();
        assertThat(f.store.visitors().find(f.website.id(), visitor)).isEmpty();
        f.track(visitor, session, "custom", "https://example.com/", null, Map.of("eventName", "ok", "note", "a\tb"));
        assertThat(f.store.eventLog().recentEvents(f.website.id(), Instant.EPOCH, 10)).singleElement()
                .satisfies(e -> assertThat(e.extraData()).containsEntry("note", "a\tb"));
    }

    @Test
    void hrefOnASubdomainOrAnAllowedHostIsAccepted() {
        assertThat(f.pageview(visitor, session, "https://app.example.com/x").stored()).isTrue();
    }

    private static Map<String, String> elevenParams() {
        Map<String, String> extra = new HashMap<>();
        extra.put("eventName", "many");
        for (int i = 0; i < 11; i++) {
            extra.put("p" + i, "v");
        }
        return extra;
    }

    private void assertField(java.util.function.UnaryOperator<Cmd> change, String field) {
        Cmd cmd = change.apply(new Cmd(f.website.trackingId(), "https://example.com/", visitor, session, "pageview",
                Map.of()));
        assertThatThrownBy(() -> f.meridian.trackEvent().track(cmd.toCommand()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field.contains(".") ? field.substring(field.indexOf('.') + 1)
                            : field);
                });
    }

    private record Cmd(String website, String href, String visitorId, String sessionId, String type,
            Map<String, String> extra) {
        Cmd withWebsite(String v) {
            return new Cmd(v, href, visitorId, sessionId, type, extra);
        }

        Cmd withHref(String v) {
            return new Cmd(website, v, visitorId, sessionId, type, extra);
        }

        Cmd withVisitor(String v) {
            return new Cmd(website, href, v, sessionId, type, extra);
        }

        Cmd withSession(String v) {
            return new Cmd(website, href, visitorId, v, type, extra);
        }

        Cmd withType(String v) {
            return new Cmd(website, href, visitorId, sessionId, v, extra);
        }

        Cmd withExtra(Map<String, String> v) {
            return new Cmd(website, href, visitorId, sessionId, type, v);
        }

        TrackCommand toCommand() {
            return new TrackCommand(website, "example.com", href, null, visitorId, sessionId, type, extra, false,
                    "203.0.113.9", TrackingFixture.DESKTOP_CHROME);
        }
    }
}
