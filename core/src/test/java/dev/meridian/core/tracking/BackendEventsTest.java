package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.TrackingFixture;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.ActiveVisitor;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.ProfileData;
import dev.meridian.ports.model.RecentEvent;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendEventsTest {

    private final TrackingFixture f = new TrackingFixture();

    private String visitorWithPageview() {
        String visitor = TrackingFixture.newVisitorId();
        f.pageview(visitor, TrackingFixture.newSessionId(), "https://example.com/pricing?plan=pro");
        return visitor;
    }

    private String goal(String visitor, String name, String description, Map<String, String> metadata) {
        return f.meridian.recordGoal().record(new GoalCommand(f.website.id(), visitor, name, description, metadata));
    }

    private String identify(String visitor, Map<String, String> fields) {
        return f.meridian.identify().identify(new IdentifyCommand(f.website.id(), visitor, fields));
    }

    private VisitorState state(String visitor) {
        return f.store.visitors().find(f.website.id(), visitor).orElseThrow();
    }

    private static String fieldOf(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("no InvalidInputException");
    }

    // ---------------------------------------------------------------- goals

    @Test
    void aGoalIsACustomEventOnTheMapWithItsNameAndMetadata() {
        String visitor = visitorWithPageview();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("plan", "pro");
        metadata.put("Seats", "5");

        String eventId = goal(visitor, "  Started Checkout ", null, metadata);

        RecentEvent shown = f.map().recentEvents().get(0);
        assertThat(shown.id()).isEqualTo(eventId);
        assertThat(shown.type()).isEqualTo(EventType.CUSTOM);
        assertThat(shown.visitorId()).isEqualTo(visitor);
        assertThat(shown.path()).isEqualTo("/pricing?plan=pro");
        assertThat(shown.countryCode()).isEqualTo("US");
        assertThat(shown.extraData()).containsExactly(Map.entry("eventName", "started_checkout"),
                Map.entry("plan", "pro"), Map.entry("seats", "5"));
    }

    @Test
    void aGoalsDescriptionIsStoredAfterItsName() {
        String visitor = visitorWithPageview();

        goal(visitor, "signup", "From the pricing page", Map.of());

        assertThat(f.map().recentEvents().get(0).extraData()).containsExactly(Map.entry("eventName", "signup"),
                Map.entry("description", "From the pricing page"));
    }

    @Test
    void aGoalMovesTheVisitorsLastActivityButNotItsSessionOrPage() {
        String visitor = visitorWithPageview();
        VisitorState before = state(visitor);
        f.clock.advance(Duration.ofMinutes(45));

        goal(visitor, "renewed_plan", null, Map.of());

        VisitorState after = state(visitor);
        assertThat(after.lastSeenAt()).isEqualTo(f.clock.now());
        assertThat(after.sessionId()).isEqualTo(before.sessionId());
        assertThat(after.visitCount()).isEqualTo(before.visitCount());
        assertThat(after.currentUrl()).isEqualTo(before.currentUrl());
        assertThat(after.lastPageviewAt()).isEqualTo(before.lastPageviewAt());
    }

    @Test
    void aGoalKeepsTheVisitorsPlaceOnTheMapWhichListsTheLatestPageviewsFirst() {
        // the map lists visitors by their latest pageview (API.md §2: activity is a pageview), which PostgreSQL reads
        // from the visitors_active index without reading every active visitor; a backend goal is no pageview
        String first = visitorWithPageview();
        f.clock.advance(Duration.ofSeconds(10));
        String second = visitorWithPageview();
        f.clock.advance(Duration.ofSeconds(10));

        goal(first, "clicked", null, Map.of());

        assertThat(f.map().visitors()).extracting(ActiveVisitor::visitorId).containsExactly(second, first);
    }

    @Test
    void invalidGoalFieldsAreRejectedByNameAndNothingIsStored() {
        String visitor = visitorWithPageview();
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("p" + i, "v");
        }

        assertThat(fieldOf(() -> goal(visitor, null, null, Map.of()))).isEqualTo("name");
        assertThat(fieldOf(() -> goal(visitor, "bad/name", null, Map.of()))).isEqualTo("name");
        assertThat(fieldOf(() -> goal(visitor, "x".repeat(65), null, Map.of()))).isEqualTo("name");
        assertThat(fieldOf(() -> goal(visitor, "Payment", null, Map.of()))).isEqualTo("name");
        assertThat(fieldOf(() -> goal(visitor, "ok", null, eleven))).isEqualTo("metadata");
        assertThat(fieldOf(() -> goal(visitor, "ok", null, Map.of("bad name", "v")))).isEqualTo("metadata.bad name");
        assertThat(fieldOf(() -> goal(visitor, "ok", null, Map.of("plan", "v".repeat(256))))).isEqualTo("metadata.plan");
        assertThat(fieldOf(() -> goal(visitor, "ok", "d".repeat(256), Map.of()))).isEqualTo("description");
        assertThat(fieldOf(() -> goal(visitor, "ok", "text", Map.of("description", "other"))))
                .isEqualTo("metadata.description");
        assertThat(fieldOf(() -> goal("not-a-uuid", "ok", null, Map.of()))).isEqualTo("datafast_visitor_id");
        assertThat(fieldOf(() -> goal(null, "ok", null, Map.of()))).isEqualTo("datafast_visitor_id");

        assertThat(f.map().recentEvents()).extracting(RecentEvent::type).containsExactly(EventType.PAGEVIEW);
    }

    @Test
    void aGoalOfAVisitorWithoutAPageviewOnTheWebsiteIsNotFound() {
        String unknown = TrackingFixture.newVisitorId();
        String identifiedOnly = TrackingFixture.newVisitorId();
        f.track(identifiedOnly, TrackingFixture.newSessionId(), "identify", "https://example.com/", null,
                Map.of("user_id", "u1"));
        Website other = f.meridian.websites().create(new NewWebsite("other.org", null, null, null));
        String elsewhere = visitorWithPageview();

        assertThatThrownBy(() -> goal(unknown, "signup", null, Map.of())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> goal(identifiedOnly, "signup", null, Map.of())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no pageview");
        assertThatThrownBy(() -> f.meridian.recordGoal().record(new GoalCommand(other.id(), elsewhere, "signup", null,
                Map.of()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.meridian.recordGoal().record(new GoalCommand("ffffffffffffffffffffffff", elsewhere,
                "signup", null, Map.of()))).isInstanceOf(NotFoundException.class).hasMessageContaining("website");
    }

    // ---------------------------------------------------------------- identify

    @Test
    void identifyGivesTheVisitorAProfileShownOnTheMap() {
        String visitor = visitorWithPageview();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("user_id", "user-42");
        fields.put("name", "Ada Lovelace");
        fields.put("image", "https://example.com/ada.png");
        fields.put("email", "ada@example.com");
        fields.put("plan", "pro");

        String profileId = identify(visitor, fields);

        ActiveVisitor shown = f.map().visitors().get(0);
        assertThat(shown.profileData()).isEqualTo(new ProfileData("Ada Lovelace", "user-42", true, false));
        VisitorState state = state(visitor);
        assertThat(state.profile().imageUrl()).isEqualTo("https://example.com/ada.png");
        assertThat(state.profile().fields()).containsExactly(Map.entry("email", "ada@example.com"),
                Map.entry("plan", "pro"));
        RecentEvent event = f.map().recentEvents().get(0);
        assertThat(event.id()).isEqualTo(profileId);
        assertThat(event.type()).isEqualTo(EventType.IDENTIFY);
        assertThat(event.extraData()).containsEntry("user_id", "user-42").containsEntry("name", "Ada Lovelace");
        assertThat(event.displayName()).isEqualTo("Ada Lovelace");
    }

    @Test
    void aSecondIdentifyMergesFieldsAndKeepsTheEarlierNameWhenNoneIsGiven() {
        String visitor = visitorWithPageview();
        identify(visitor, Map.of("user_id", "u1", "name", "Ada", "plan", "free"));
        identify(visitor, Map.of("user_id", "u2", "plan", "pro", "team", "core"));

        VisitorState state = state(visitor);
        assertThat(state.profile().userId()).isEqualTo("u2");
        assertThat(state.profile().displayName()).isEqualTo("Ada");
        assertThat(state.profile().fields()).isEqualTo(Map.of("plan", "pro", "team", "core"));
    }

    @Test
    void identifyAndTheTrackersIdentifyFollowTheSameRules() {
        String visitor = visitorWithPageview();
        Map<String, String> fields = Map.of("user_id", "u1", "name", "Grace", "company", "Navy");
        identify(visitor, fields);
        String viaTracker = visitorWithPageview();
        f.track(viaTracker, state(viaTracker).sessionId(), "identify", "https://example.com/", null, fields);

        assertThat(state(visitor).profile()).isEqualTo(state(viaTracker).profile());
        Map<String, RecentEvent> byVisitor = new HashMap<>();
        f.map().recentEvents().stream().filter(e -> e.type() == EventType.IDENTIFY)
                .forEach(e -> byVisitor.put(e.visitorId(), e));
        assertThat(byVisitor.get(visitor).extraData()).isEqualTo(byVisitor.get(viaTracker).extraData());
    }

    @Test
    void identifyMovesTheVisitorsLastActivity() {
        String visitor = visitorWithPageview();
        f.clock.advance(Duration.ofMinutes(2));

        identify(visitor, Map.of("user_id", "u1"));

        assertThat(state(visitor).lastSeenAt()).isEqualTo(f.clock.now());
    }

    @Test
    void invalidIdentifyFieldsAreRejectedByNameAndNothingIsStored() {
        String visitor = visitorWithPageview();
        Map<String, String> eleven = new LinkedHashMap<>(Map.of("user_id", "u1"));
        for (int i = 0; i < 11; i++) {
            eleven.put("f" + i, "v");
        }

        assertThat(fieldOf(() -> identify(visitor, Map.of("name", "Ada")))).isEqualTo("user_id");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "u".repeat(256))))).isEqualTo("user_id");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "\u0001")))).isEqualTo("user_id");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "u1\u0000")))).isEqualTo("user_id");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "u1", "image", "ftp://x/a.png")))).isEqualTo("image");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "u1", "image",
                "https://example.com/" + "a".repeat(240))))).isEqualTo("image");
        assertThat(fieldOf(() -> identify(visitor, eleven))).isEqualTo("metadata");
        assertThat(fieldOf(() -> identify(visitor, Map.of("user_id", "u1", "bio", "b".repeat(256))))).isEqualTo("bio");
        assertThat(fieldOf(() -> identify("nope", Map.of("user_id", "u1")))).isEqualTo("datafast_visitor_id");

        assertThat(state(visitor).profile().identified()).isFalse();
        assertThat(f.map().recentEvents()).extracting(RecentEvent::type).containsExactly(EventType.PAGEVIEW);
    }

    @Test
    void identifyOfAVisitorNeverSeenOnTheWebsiteIsNotFoundButNoPageviewIsNeeded() {
        String goalOnly = TrackingFixture.newVisitorId();
        f.track(goalOnly, TrackingFixture.newSessionId(), "custom", "https://example.com/", null,
                Map.of("eventName", "opened"));

        assertThatThrownBy(() -> identify(TrackingFixture.newVisitorId(), Map.of("user_id", "u1")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("never seen");
        identify(goalOnly, Map.of("user_id", "u1"));
        assertThat(state(goalOnly).profile().userId()).isEqualTo("u1");
    }
}
