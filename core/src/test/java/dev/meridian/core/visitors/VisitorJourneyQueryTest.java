package dev.meridian.core.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.MutableClock;
import dev.meridian.core.TrackingFixture;
import dev.meridian.core.scoring.ConversionModel;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorJourney;
import dev.meridian.ports.model.VisitorJourney.CompletedGoal;
import dev.meridian.ports.model.Website;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitorJourneyQueryTest {

    private final TrackingFixture f = new TrackingFixture();
    private final String visitor = TrackingFixture.newVisitorId();
    private final String session = TrackingFixture.newSessionId();

    private VisitorJourney journey() {
        return f.meridian.visitorJourney().forVisitor(f.website.id(), visitor);
    }

    @Test
    void identityComesFromTheLatestPageviewAndTheFirstSessionsLandingUrl() {
        f.pageview(visitor, session, "https://example.com/?utm_source=news%20letter&utm_campaign=spring&gclid=abc&x=1");
        f.clock.advance(Duration.ofHours(2));
        f.pageview(visitor, TrackingFixture.newSessionId(), "https://example.com/pricing?utm_source=other");

        VisitorJourney.Identity identity = journey().identity();

        assertThat(identity.location().city()).isEqualTo("Denver");
        assertThat(identity.location().latitude()).isEqualTo(39.7391);
        assertThat(identity.system().browser()).isEqualTo("Chrome");
        assertThat(identity.params().utmSource()).isEqualTo("news letter");
        assertThat(identity.params().utmCampaign()).isEqualTo("spring");
        assertThat(identity.adClickIds()).containsExactly(Map.entry("gclid", "abc"));
    }

    @Test
    void activityCountsVisitsAndPageviewsAndListsPagesAndGoalsWithPaymentsFromTheProvider() {
        f.pageview(visitor, session, "https://example.com/");
        f.clock.advance(Duration.ofSeconds(10));
        f.track(visitor, session, "custom", "https://example.com/", null, Map.of("eventName", "signup"));
        f.clock.advance(Duration.ofSeconds(10));
        f.meridian.recordGoal().record(new GoalCommand(f.website.id(), visitor, "Demo booked", null, Map.of()));
        f.clock.advance(Duration.ofSeconds(10));
        f.meridian.recordPayment().record(PaymentCommand.payment(f.website.id(), "tx-1").amount("0", "USD")
                .visitor(visitor).build());
        f.clock.advance(Duration.ofMinutes(40));
        String second = TrackingFixture.newSessionId();
        f.pageview(visitor, second, "https://example.com/pricing?plan=pro");
        f.clock.advance(Duration.ofSeconds(5));
        f.meridian.recordPayment().record(PaymentCommand.payment(f.website.id(), "tx-2").amount("49", "USD")
                .visitor(visitor).build());
        f.clock.advance(Duration.ofSeconds(1));

        VisitorJourney.Activity activity = journey().activity();

        assertThat(activity.visitCount()).isEqualTo(2);
        assertThat(activity.pageViewCount()).isEqualTo(2);
        assertThat(activity.currentUrl()).isEqualTo("example.com/pricing");
        assertThat(activity.visitedPages()).extracting(VisitorJourney.VisitedPage::url)
                .containsExactly("example.com/", "example.com/pricing");
        assertThat(activity.completedGoals()).extracting(CompletedGoal::name, CompletedGoal::origin).containsExactly(
                org.assertj.core.groups.Tuple.tuple("signup", "manual"),
                org.assertj.core.groups.Tuple.tuple("demo_booked", "manual"),
                org.assertj.core.groups.Tuple.tuple("free_trial", "payment_provider"),
                org.assertj.core.groups.Tuple.tuple("payment", "payment_provider"));
        assertThat(activity.timeSinceFirstVisitMillis()).isEqualTo(Duration.ofMinutes(40).plusSeconds(36).toMillis());
        assertThat(activity.timeSinceCurrentVisitMillis()).isEqualTo(6_000);
        assertThat(activity.firstVisitAt()).isBefore(activity.lastVisitAt());
        assertThat(journey().payments()).extracting(Payment::transactionId).containsExactly("tx-1", "tx-2");
    }

    @Test
    void aVisitorWithMoreThan500PageviewsListsTheLatest500AndCountsThemAll() {
        for (int i = 0; i < 503; i++) {
            f.pageview(visitor, session, "https://example.com/p" + i);
            f.clock.advance(Duration.ofMillis(10));
        }

        VisitorJourney.Activity activity = journey().activity();

        assertThat(activity.pageViewCount()).isEqualTo(503);
        assertThat(activity.visitedPages()).hasSize(500);
        assertThat(activity.visitedPages().get(0).url()).isEqualTo("example.com/p3");
        assertThat(activity.visitedPages().get(499).url()).isEqualTo("example.com/p502");
    }

    @Test
    void aNeverIdentifiedVisitorHasNoProfile() {
        f.pageview(visitor, session, "https://example.com/");

        assertThat(journey().profile()).isNull();
    }

    @Test
    void theProfileIsTheLatestIdentifyMerged() {
        f.pageview(visitor, session, "https://example.com/");
        f.meridian.identify().identify(new IdentifyCommand(f.website.id(), visitor, Map.of("user_id", "u1", "plan", "free")));
        f.clock.advance(Duration.ofMinutes(1));
        f.meridian.identify().identify(new IdentifyCommand(f.website.id(), visitor, Map.of("user_id", "u1", "name", "Ada")));

        VisitorJourney.IdentifiedProfile profile = journey().profile();

        assertThat(profile.userId()).isEqualTo("u1");
        assertThat(profile.metadata()).containsEntry("name", "Ada").containsEntry("plan", "free");
        assertThat(profile.identifiedAt()).isEqualTo(f.clock.now());
    }

    @Test
    void anIdThatIsNotAUuidV4IsA400NamingVisitorId() {
        assertThatThrownBy(() -> f.meridian.visitorJourney().forVisitor(f.website.id(), "not-a-uuid"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("visitorId"));
    }

    @Test
    void aVisitorWithoutPageviewOnThisWebsiteIsNotFound() {
        Website other = f.meridian.websites().create(new NewWebsite("other.org", null, null, null));
        f.pageview(visitor, session, "https://example.com/");

        assertThatThrownBy(() -> f.meridian.visitorJourney().forVisitor(other.id(), visitor))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.meridian.visitorJourney().forVisitor(f.website.id(), TrackingFixture.newVisitorId()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRobotsPageviewIsNotStoredButItsIdIsA400SayingRobot() {
        String goalOnly = TrackingFixture.newVisitorId();
        robot("pageview", visitor);
        robot("custom", goalOnly);

        assertThatThrownBy(this::journey)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("visitorId"))
                .hasMessageContaining("visitor is a robot");
        assertThatThrownBy(() -> f.meridian.visitorJourney().forVisitor(f.website.id(), goalOnly))
                .as("only pageviews remember a robot's id").isInstanceOf(NotFoundException.class);
        Website other = f.meridian.websites().create(new NewWebsite("other.org", null, null, null));
        assertThatThrownBy(() -> f.meridian.visitorJourney().forVisitor(other.id(), visitor))
                .as("on its own website only").isInstanceOf(NotFoundException.class);
    }

    @Test
    void anIdWithAHumanPageviewIsAVisitorEvenIfARobotUsedItToo() {
        robot("pageview", visitor);
        f.pageview(visitor, session, "https://example.com/");

        assertThat(journey().visitorId()).isEqualTo(visitor);
    }

    private void robot(String type, String visitorId) {
        TrackCommand.Builder command = TrackCommand.event(type, "https://example.com/")
                .website(f.website.trackingId(), "example.com").visitor(visitorId, session)
                .client("203.0.113.9", TrackingFixture.ROBOT);
        if (type.equals("custom")) {
            command.extra("eventName", "signup");
        }
        f.meridian.trackEvent().track(command.build());
    }

    @Test
    void thePredictionIsTheModelsForTheVisitorsDimensionsAndNullForACustomerOrWithoutAModel() {
        ConversionModel model = new ConversionModel() {
            @Override
            public ConversionMetrics metrics() {
                return new ConversionMetrics(0.01, 100);
            }

            @Override
            public ConversionLikelihood likelihood(VisitorDimensions dimensions) {
                return new ConversionLikelihood("US".equals(dimensions.country()) ? 82 : 7, 0.5, false,
                        List.of("country"), 0.02, 100, 2);
            }
        };
        MutableClock clock = new MutableClock();
        Meridian meridian = Meridian.builder().storage(new InMemoryStore()).clock(clock)
                .geoLocator(ip -> new dev.meridian.ports.model.Location(null, null, "US", null, null))
                .conversionModels(history -> websiteId -> Optional.of(model)).build();
        Website site = meridian.websites().create(new NewWebsite("example.com", null, null, null));
        String customer = TrackingFixture.newVisitorId();
        for (String v : List.of(visitor, customer)) {
            meridian.trackEvent().track(TrackCommand.event("pageview", "https://example.com/")
                    .website(site.trackingId(), "example.com").visitor(v, TrackingFixture.newSessionId())
                    .client("1.2.3.4", "ua").build());
        }
        meridian.recordPayment().record(PaymentCommand.payment(site.id(), "tx").amount("10", "USD").visitor(customer)
                .build());

        assertThat(meridian.visitorJourney().forVisitor(site.id(), visitor).prediction().score()).isEqualTo(82);
        assertThat(meridian.visitorJourney().forVisitor(site.id(), customer).prediction()).isNull();
        f.pageview(visitor, session, "https://example.com/");
        assertThat(journey().prediction()).isNull(); // the fixture's Meridian has no model yet (no history)
    }
}
