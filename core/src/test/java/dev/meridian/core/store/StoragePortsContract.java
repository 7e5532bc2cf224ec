package dev.meridian.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.AtOnce;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.RobotVisitor;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.TrackingParams;
import dev.meridian.ports.model.Viewport;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorUpdate;
import dev.meridian.ports.out.Visitors;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} shares: extend this class, return a new empty storage from
 * {@link #emptyStorage()}, and run it with JUnit 5 (assertj too is needed on the test class path). The in-memory store
 * ({@code InMemoryStorageContractTest}) and PostgreSQL ({@code PostgresStorageContractTest}) pass it; so must a storage
 * of your own before Meridian runs on it (README, "Your own storage"). The tests of a storage's
 * {@link Storage#importSink() import sink} and {@link Storage#robotCounts() robot counts} are skipped when it has none.
 */
public abstract class StoragePortsContract {

    /** A storage holding nothing (no website, no visitor, no event, no payment, no credential); called before every test. */
    protected abstract Storage emptyStorage();

    /** The storage's import sink; skips the calling test when it has none. */
    private static ImportSink importSink(Storage storage) {
        Optional<ImportSink> sink = storage.importSink();
        Assumptions.assumeTrue(sink.isPresent(), "this storage has no import sink");
        return sink.get();
    }

    /** The storage's robot counts; skips the calling test when it has none. */
    private static RobotCounts robotCounts(Storage storage) {
        Optional<RobotCounts> counts = storage.robotCounts();
        Assumptions.assumeTrue(counts.isPresent(), "this storage keeps no robot counts");
        return counts.get();
    }

    protected static final String SITE = "aaaaaaaaaaaaaaaaaaaaaaaa";
    protected static final String OTHER_SITE = "bbbbbbbbbbbbbbbbbbbbbbbb";
    /** A fixed instant with millisecond precision (stores keep at least that). */
    protected static final Instant T0 = Instant.parse("2026-03-10T12:00:00.123Z");

    private static final AtomicLong IDS = new AtomicLong();

    private Storage storage;

    @BeforeEach
    void openStorage() {
        storage = emptyStorage();
    }

    // ---------------------------------------------------------------- fixtures

    protected static String newId() {
        return String.format("%024x", IDS.incrementAndGet());
    }

    protected static Event pageview(String website, String visitor, Instant at) {
        return new Event(newId(), website, visitor, "s-" + visitor, EventType.PAGEVIEW, at, "/p", null, null, Map.of());
    }

    /** A plain visitor state: first seen at {@code lastSeen}, no pageview unless {@code lastPageview} is given. */
    protected static VisitorState visitor(String website, String visitor, Instant lastSeen, Instant lastPageview) {
        return new VisitorState(website, visitor, lastSeen, lastSeen, lastPageview, "s-" + visitor, lastSeen, 1,
                lastPageview == null ? null : "/p", null, null, null, null, null, null, null);
    }

    /** An update that counts visits: a new visitor gets 1, a known one one more. */
    protected static VisitorUpdate countVisit(String website, String visitor, Instant at) {
        return current -> current
                .map(s -> new VisitorState(s.websiteId(), s.visitorId(), s.firstSeenAt(), at, at, s.sessionId(),
                        s.sessionStartedAt(), s.visitCount() + 1, s.currentUrl(), s.sessionReferrer(), s.sessionParams(),
                        s.location(), s.system(), s.firstTouch(), s.profile(), s.customer()))
                .orElseGet(() -> visitor(website, visitor, at, at));
    }

    /** Stores {@code state} as it is (through one pageview). */
    protected void store(VisitorState state) {
        storage.eventLog().append(pageview(state.websiteId(), state.visitorId(), state.lastSeenAt()), current -> state);
    }

    protected static VisitorState everyFieldSet(String website, String visitor) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plan", "pro");
        fields.put("company", "Acme");
        fields.put("age", "41");
        return new VisitorState(website, visitor,
                T0.minus(Duration.ofDays(3)), T0, T0.minusSeconds(5), "s0f3c1e2d-6f0a-4c51-9a0e-0123456789ab",
                T0.minusSeconds(600), 7, "/pricing?plan=pro", "https://news.ycombinator.com/",
                new TrackingParams("hn", "newsletter", "friend", "google", "cpc", "spring", "banner", "analytics"),
                new Location("Boulder", "US-CO", "US", 40.015, -105.2705),
                new SystemInfo("Chrome", "Mac OS", "desktop"),
                new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "news.ycombinator.com"),
                new Profile(true, "u-42", "Ada Lovelace", "https://example.com/ada.png", fields),
                new CustomerInfo(true, "Ada L.", "ada@example.com", new BigDecimal("129.50")),
                new DeviceDetails("126", ">=10.15.7", "Apple", "Macintosh"),
                new Viewport(1440, 900));
    }

    protected static Payment payment(String website, String transaction, String amount, Instant at, boolean refunded) {
        return new Payment(newId(), website, transaction, new BigDecimal(amount), "USD", at, null, null, null, null, false,
                refunded);
    }

    protected static Website website(String id, String trackingId, Instant createdAt) {
        return new Website(id, trackingId, trackingId + ".example.com", "Site " + trackingId, "EUR", "Europe/Berlin",
                List.of("www." + trackingId + ".example.com", "shop." + trackingId + ".example.com"), createdAt);
    }

    /** An account token whose hash is {@code hashDigit} 64 times, with id {@code number} (24 digits) and a prefix. */
    protected static AccountToken token(char hashDigit, int number, Set<Permission> permissions, Set<String> websiteIds,
            Instant createdAt, boolean adminToken) {
        return new AccountToken(String.valueOf(hashDigit).repeat(64), permissions, websiteIds, createdAt,
                String.format("%024d", number), "dft_" + String.valueOf(hashDigit).repeat(5), adminToken);
    }

    /** Runs {@code task} {@code times} times on many threads at once; returns the results in order. */
    protected <T> List<T> concurrently(int times, Callable<T> task) throws Exception {
        return AtOnce.run(times, task);
    }

    // ---------------------------------------------------------------- EventLog

    @Nested
    class EventLogAppend {

        @Test
        void appendOfANewVisitorsEventStoresEventAndStateAndReturnsTheState() {
            Event event = pageview(SITE, "v1", T0);
            List<Optional<VisitorState>> seen = new ArrayList<>();
            VisitorState returned = storage.eventLog().append(event, current -> {
                seen.add(current);
                return visitor(SITE, "v1", T0, T0);
            });

            assertThat(seen).containsExactly(Optional.empty());
            assertThat(returned).isEqualTo(visitor(SITE, "v1", T0, T0));
            assertThat(storage.visitors().find(SITE, "v1")).contains(returned);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).containsExactly(event);
        }

        @Test
        void appendAppliesTheUpdateToTheStoredState() {
            storage.eventLog().append(pageview(SITE, "v1", T0), countVisit(SITE, "v1", T0));
            VisitorState second = storage.eventLog().append(pageview(SITE, "v1", T0.plusSeconds(1)),
                    countVisit(SITE, "v1", T0.plusSeconds(1)));

            assertThat(second.visitCount()).isEqualTo(2);
            assertThat(second.lastSeenAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(storage.visitors().find(SITE, "v1")).contains(second);
        }

        @Test
        void appendWhoseUpdateThrowsStoresNeitherEventNorStateAndRethrows() {
            VisitorState first = storage.eventLog().append(pageview(SITE, "v1", T0), countVisit(SITE, "v1", T0));

            assertThatThrownBy(() -> storage.eventLog().append(pageview(SITE, "v1", T0.plusSeconds(1)), current -> {
                throw new IllegalStateException("rule broken");
            })).isInstanceOf(IllegalStateException.class).hasMessage("rule broken");

            assertThat(storage.visitors().find(SITE, "v1")).contains(first);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).hasSize(1);
        }

        @Test
        void appendOfANewVisitorWhoseUpdateThrowsLeavesNoVisitor() {
            assertThatThrownBy(() -> storage.eventLog().append(pageview(SITE, "v1", T0), current -> {
                throw new IllegalArgumentException("bad");
            })).isInstanceOf(IllegalArgumentException.class);

            assertThat(storage.visitors().find(SITE, "v1")).isEmpty();
            assertThat(storage.eventLog().recentEvents(SITE, T0.minusSeconds(60), 10)).isEmpty();
        }

        @Test
        void appendWhoseUpdateReturnsAnotherVisitorIsRefusedAndStoresNothing() {
            assertThatThrownBy(() -> storage.eventLog().append(pageview(SITE, "v1", T0),
                    current -> visitor(SITE, "v2", T0, T0))).isInstanceOf(IllegalArgumentException.class);

            assertThat(storage.visitors().find(SITE, "v1")).isEmpty();
            assertThat(storage.visitors().find(SITE, "v2")).isEmpty();
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).isEmpty();
        }

        @Test
        void concurrentAppendsOfOneVisitorApplyOnTopOfEachOtherAndLoseNoUpdate() throws Exception {
            int appends = 200;
            List<VisitorState> returned = concurrently(appends,
                    () -> storage.eventLog().append(pageview(SITE, "v1", T0), countVisit(SITE, "v1", T0)));

            assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::visitCount).isEqualTo(appends);
            assertThat(returned).extracting(VisitorState::visitCount)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, appends).boxed().toList());
            assertThat(storage.eventLog().recentEvents(SITE, T0, 1000)).hasSize(appends);
        }

        @Test
        void concurrentAppendsOfManyVisitorsStoreOnlyThoseWhoseUpdateSucceeded() throws Exception {
            AtomicLong n = new AtomicLong();
            List<String> outcomes = concurrently(120, () -> {
                long i = n.incrementAndGet();
                String visitor = "v" + (i % 12);
                Instant at = T0.plusMillis(i);
                try {
                    storage.eventLog().append(pageview(SITE, visitor, at), current -> {
                        if (i % 5 == 0) {
                            throw new IllegalStateException("refused " + i);
                        }
                        return countVisit(SITE, visitor, at).apply(current);
                    });
                    return "stored";
                } catch (IllegalStateException e) {
                    return "refused";
                }
            });

            assertThat(outcomes).filteredOn("stored"::equals).hasSize(96);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 1000)).hasSize(96);
            int visits = 0;
            for (int v = 0; v < 12; v++) {
                visits += storage.visitors().find(SITE, "v" + v).map(VisitorState::visitCount).orElse(0);
            }
            assertThat(visits).isEqualTo(96);
        }

        @Test
        void appendedEventKeepsEveryFieldAndTheOrderOfItsExtraData() {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("name", "signup");
            extra.put("zeta", "1");
            extra.put("alpha", "2");
            Event event = new Event(newId(), SITE, "v1", "s-1", EventType.CUSTOM, T0, "/signup?x=1",
                    "https://google.com/", "DE", extra);
            storage.eventLog().append(event, countVisit(SITE, "v1", T0));

            Event stored = storage.eventLog().recentEvents(SITE, T0, 1).get(0);
            assertThat(stored).isEqualTo(event);
            assertThat(stored.extraData().keySet()).containsExactly("name", "zeta", "alpha");
        }

        @Test
        void eventWithOnlyRequiredFieldsRoundTrips() {
            Event event = new Event(newId(), SITE, "v1", null, EventType.IDENTIFY, T0, null, null, null, null);
            storage.eventLog().append(event, countVisit(SITE, "v1", T0));

            assertThat(storage.eventLog().recentEvents(SITE, T0, 1)).containsExactly(event);
        }

        @Test
        void eventsFromYearsAgoAndFromNextYearAreStored() {
            Event old = pageview(SITE, "v1", Instant.parse("2019-07-01T00:00:00Z"));
            Event future = pageview(SITE, "v1", Instant.parse("2027-01-31T23:59:59.999Z"));
            storage.eventLog().append(old, countVisit(SITE, "v1", old.timestamp()));
            storage.eventLog().append(future, countVisit(SITE, "v1", future.timestamp()));

            assertThat(storage.eventLog().recentEvents(SITE, Instant.parse("2019-01-01T00:00:00Z"), 10))
                    .containsExactly(future, old);
        }
    }

    @Nested
    class EventLogAppendAsync {

        /** The stage's value; its failure unwrapped from the {@link CompletionException}. */
        private VisitorState await(CompletionStage<VisitorState> stage) {
            try {
                return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void theStageCompletesOnlyOnceTheEventAndTheStateAreReadable() {
            Event event = pageview(SITE, "v1", T0);
            // read on the thread that completes the stage, at the moment it does
            CompletionStage<String> readAtCompletion = storage.eventLog()
                    .appendAsync(event, countVisit(SITE, "v1", T0))
                    .thenApply(state -> state.visitCount() + " "
                            + storage.visitors().find(SITE, "v1").map(VisitorState::visitCount).orElse(0) + " "
                            + storage.eventLog().recentEvents(SITE, T0, 10).stream().map(Event::id).toList());

            assertThat(readAtCompletion.toCompletableFuture().join()).isEqualTo("1 1 [" + event.id() + "]");
        }

        @Test
        void appendsOfOneVisitorApplyInTheOrderOfTheCallsWithoutWaitingForEachOther() {
            List<CompletionStage<VisitorState>> stages = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Instant at = T0.plusMillis(i);
                stages.add(storage.eventLog().appendAsync(pageview(SITE, "v1", at), countVisit(SITE, "v1", at)));
            }

            assertThat(stages).extracting(stage -> await(stage).visitCount())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
            assertThat(storage.visitors().find(SITE, "v1")).get().extracting(VisitorState::lastSeenAt)
                    .isEqualTo(T0.plusMillis(49));
            assertThat(storage.eventLog().recentEvents(SITE, T0, 100)).hasSize(50);
        }

        @Test
        void anUpdateThatThrowsFailsItsStageWithTheFailureAndStoresNothingOfItsEvent() {
            VisitorState first = await(storage.eventLog().appendAsync(pageview(SITE, "v1", T0), countVisit(SITE, "v1", T0)));
            CompletionStage<VisitorState> refused = storage.eventLog().appendAsync(pageview(SITE, "v1", T0.plusSeconds(1)),
                    current -> {
                        throw new IllegalStateException("rule broken");
                    });
            CompletionStage<VisitorState> other = storage.eventLog().appendAsync(pageview(SITE, "v2", T0),
                    countVisit(SITE, "v2", T0));

            assertThatThrownBy(() -> await(refused)).isInstanceOf(IllegalStateException.class).hasMessage("rule broken");
            assertThat(await(other).visitCount()).isEqualTo(1);
            assertThat(storage.visitors().find(SITE, "v1")).contains(first);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).extracting(Event::visitorId)
                    .containsExactlyInAnyOrder("v1", "v2");
        }

        @Test
        void aNullEventOrUpdateIsRefusedAtOnceAndQueuesNothing() {
            assertThatThrownBy(() -> storage.eventLog().appendAsync(null, countVisit(SITE, "v1", T0)))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> storage.eventLog().appendAsync(pageview(SITE, "v1", T0), null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(storage.eventLog().recentEvents(SITE, T0.minusSeconds(60), 10)).isEmpty();
        }
    }

    @Nested
    class EventLogRecent {

        @Test
        void recentIsNewestFirstFromSinceInclusiveAtMostLimit() {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Event e = pageview(SITE, "v" + i, T0.plusSeconds(i));
                events.add(e);
                storage.eventLog().append(e, countVisit(SITE, "v" + i, e.timestamp()));
            }

            assertThat(storage.eventLog().recentEvents(SITE, T0.plusSeconds(2), 10))
                    .containsExactly(events.get(5), events.get(4), events.get(3), events.get(2));
            assertThat(storage.eventLog().recentEvents(SITE, T0.plusSeconds(2), 2))
                    .containsExactly(events.get(5), events.get(4));
            assertThat(storage.eventLog().recentEvents(SITE, T0.plusSeconds(6), 10)).isEmpty();
        }

        @Test
        void recentEventsWithTheSameTimestampAreOrderedByIdDescending() {
            Event a = new Event("00000000000000000000000a", SITE, "v1", null, EventType.PAGEVIEW, T0, "/", null, null, null);
            Event c = new Event("00000000000000000000000c", SITE, "v2", null, EventType.PAGEVIEW, T0, "/", null, null, null);
            Event b = new Event("00000000000000000000000b", SITE, "v3", null, EventType.PAGEVIEW, T0, "/", null, null, null);
            for (Event e : List.of(a, c, b)) {
                storage.eventLog().append(e, countVisit(SITE, e.visitorId(), T0));
            }

            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).containsExactly(c, b, a);
        }

        @Test
        void recentReturnsOnlyTheWebsitesOwnEvents() {
            Event mine = pageview(SITE, "v1", T0);
            Event theirs = pageview(OTHER_SITE, "v1", T0.plusSeconds(1));
            storage.eventLog().append(mine, countVisit(SITE, "v1", T0));
            storage.eventLog().append(theirs, countVisit(OTHER_SITE, "v1", T0.plusSeconds(1)));

            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).containsExactly(mine);
            assertThat(storage.eventLog().recentEvents(OTHER_SITE, T0, 10)).containsExactly(theirs);
        }
    }

    // ---------------------------------------------------------------- Visitors

    @Nested
    class VisitorsFindAndUpdate {

        @Test
        void findOfAnUnknownVisitorIsEmpty() {
            assertThat(storage.visitors().find(SITE, "nobody")).isEmpty();
        }

        @Test
        void visitorStateKeepsEveryFieldAndTheOrderOfProfileFields() {
            VisitorState full = everyFieldSet(SITE, "v1");
            store(full);

            VisitorState found = storage.visitors().find(SITE, "v1").orElseThrow();
            assertThat(found).isEqualTo(full);
            assertThat(found.profile().fields().keySet()).containsExactly("plan", "company", "age");
            assertThat(found.customer().revenue()).isEqualTo(new BigDecimal("129.50"));
        }

        @Test
        void visitorStateWithOnlyRequiredFieldsRoundTrips() {
            VisitorState minimal = new VisitorState(SITE, "v1", T0, T0, null, null, T0, 0, null, null, null, null, null,
                    null, null, null);
            store(minimal);

            assertThat(storage.visitors().find(SITE, "v1")).contains(minimal);
        }

        @Test
        void theSameVisitorIdOnTwoWebsitesIsTwoVisitors() {
            store(visitor(SITE, "v1", T0, T0));
            store(visitor(OTHER_SITE, "v1", T0.plusSeconds(9), null));

            assertThat(storage.visitors().find(SITE, "v1")).contains(visitor(SITE, "v1", T0, T0));
            assertThat(storage.visitors().find(OTHER_SITE, "v1")).contains(visitor(OTHER_SITE, "v1", T0.plusSeconds(9), null));
        }

        @Test
        void updateAppliesTheChangeToTheStoredStateAndReturnsIt() {
            store(visitor(SITE, "v1", T0, T0));
            Profile profile = new Profile(true, "u1", "Grace", null, Map.of("team", "navy"));

            Optional<VisitorState> updated = storage.visitors().update(SITE, "v1", s -> s.withProfile(profile));

            assertThat(updated).get().extracting(VisitorState::profile).isEqualTo(profile);
            assertThat(storage.visitors().find(SITE, "v1")).isEqualTo(updated);
        }

        @Test
        void updateOfAnUnknownVisitorStoresNothingAndIsEmpty() {
            Optional<VisitorState> updated = storage.visitors().update(SITE, "ghost",
                    s -> s.withProfile(new Profile(true, "u", null, null, Map.of())));

            assertThat(updated).isEmpty();
            assertThat(storage.visitors().find(SITE, "ghost")).isEmpty();
        }

        @Test
        void updateOnlyTouchesTheVisitorOfItsWebsite() {
            store(visitor(SITE, "v1", T0, T0));
            store(visitor(OTHER_SITE, "v1", T0, T0));

            storage.visitors().update(SITE, "v1", s -> s.withCustomer(new CustomerInfo(true, "A", null, BigDecimal.TEN)));

            assertThat(storage.visitors().find(OTHER_SITE, "v1")).contains(visitor(OTHER_SITE, "v1", T0, T0));
        }

        @Test
        void updateAllChangesEachKnownVisitorOfItsWebsiteAndLeavesUnknownOnesOut() {
            store(visitor(SITE, "v1", T0, T0));
            store(visitor(SITE, "v2", T0, T0));
            store(visitor(OTHER_SITE, "v3", T0, T0));
            CustomerInfo paid = new CustomerInfo(true, "A", null, BigDecimal.TEN);
            Map<String, UnaryOperator<VisitorState>> changes = new LinkedHashMap<>();
            changes.put("v2", s -> s.withCustomer(paid));
            changes.put("ghost", s -> s.withCustomer(paid));
            changes.put("v3", s -> s.withCustomer(paid));
            changes.put("v1", s -> s.withCustomer(paid));

            Map<String, VisitorState> updated = storage.visitors().updateAll(SITE, changes);

            assertThat(updated).containsOnlyKeys("v1", "v2");
            assertThat(storage.visitors().find(SITE, "v1")).contains(visitor(SITE, "v1", T0, T0).withCustomer(paid));
            assertThat(storage.visitors().find(SITE, "v2")).contains(updated.get("v2"));
            assertThat(storage.visitors().find(SITE, "ghost")).isEmpty();
            assertThat(storage.visitors().find(OTHER_SITE, "v3")).contains(visitor(OTHER_SITE, "v3", T0, T0));
        }

        @Test
        void concurrentUpdatesAndAppendsOfOneVisitorLoseNothing() throws Exception {
            store(visitor(SITE, "v1", T0, T0));
            AtomicLong n = new AtomicLong();
            concurrently(100, () -> {
                if (n.incrementAndGet() % 2 == 0) {
                    return storage.eventLog().append(pageview(SITE, "v1", T0), countVisit(SITE, "v1", T0));
                }
                return storage.visitors().update(SITE, "v1", s -> s.withCustomer(new CustomerInfo(true, null, null,
                        s.customer().revenue().add(BigDecimal.ONE)))).orElseThrow();
            });

            VisitorState end = storage.visitors().find(SITE, "v1").orElseThrow();
            assertThat(end.visitCount()).isEqualTo(1 + 50);
            assertThat(end.customer().revenue()).isEqualByComparingTo("50");
        }
    }

    @Nested
    class VisitorsByProfileEmail {

        private VisitorState identified(String website, String visitor, Instant lastSeen, String email) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("plan", "pro");
            if (email != null) {
                fields.put("email", email);
            }
            return visitor(website, visitor, lastSeen, lastSeen)
                    .withProfile(new Profile(true, "u-" + visitor, null, null, fields));
        }

        @Test
        void theVisitorWhoseProfileEmailMatchesIgnoringCaseIsFound() {
            VisitorState ada = identified(SITE, "v1", T0, "Ada@Example.com");
            store(ada);
            store(identified(SITE, "v2", T0, "grace@example.com"));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "ada@EXAMPLE.com")).contains(ada);
            assertThat(storage.visitors().latestWithProfileEmail(SITE, "nobody@example.com")).isEmpty();
        }

        @Test
        void ofSeveralVisitorsWithTheEmailTheOneSeenLastIsFound() {
            store(identified(SITE, "v1", T0, "ada@example.com"));
            VisitorState latest = identified(SITE, "v2", T0.plusSeconds(30), "ada@example.com");
            store(latest);
            store(identified(SITE, "v3", T0.plusSeconds(10), "ADA@example.com"));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "ada@example.com")).contains(latest);
        }

        @Test
        void aTieOnLastSeenGoesToTheSmallestVisitorId() {
            store(identified(SITE, "v2", T0, "ada@example.com"));
            store(identified(SITE, "v1", T0, "ada@example.com"));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "ada@example.com"))
                    .get().extracting(VisitorState::visitorId).isEqualTo("v1");
        }

        @Test
        void onlyTheWebsitesOwnVisitorsAreFound() {
            store(identified(OTHER_SITE, "v1", T0, "ada@example.com"));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "ada@example.com")).isEmpty();
        }

        @Test
        void aVisitorWhoseProfileEmailChangedIsFoundByTheNewEmailOnly() {
            store(identified(SITE, "v1", T0, "old@example.com"));
            storage.visitors().update(SITE, "v1", s -> s.withProfile(
                    new Profile(true, "u-v1", null, null, Map.of("email", "new@example.com"))));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "old@example.com")).isEmpty();
            assertThat(storage.visitors().latestWithProfileEmail(SITE, "new@example.com"))
                    .get().extracting(VisitorState::visitorId).isEqualTo("v1");
        }

        @Test
        void visitorsWithoutAProfileEmailAreNeverFound() {
            store(identified(SITE, "v1", T0, null));
            store(visitor(SITE, "v2", T0, T0));

            assertThat(storage.visitors().latestWithProfileEmail(SITE, "")).isEmpty();
            assertThat(storage.visitors().latestWithProfileEmail(SITE, "pro")).isEmpty();
        }
    }

    @Nested
    class VisitorsActive {

        private List<String> latest(Instant since, int limit) {
            return storage.visitors().active(SITE, since, limit).latest().stream().map(VisitorState::visitorId).toList();
        }

        @Test
        void activeKeepsVisitorsWhosePageviewIsAtOrAfterSince() {
            Instant since = T0.minusSeconds(600);
            store(visitor(SITE, "at-since", since, since));
            store(visitor(SITE, "just-before", since.minusMillis(1), since.minusMillis(1)));
            store(visitor(SITE, "never-viewed", T0, null));
            VisitorState oldPageview = new VisitorState(SITE, "old-pageview", since.minusSeconds(60), T0,
                    since.minusSeconds(60), "s", since.minusSeconds(60), 1, "/", null, null, null, null, null, null, null);
            store(oldPageview);

            assertThat(latest(since, 100)).containsExactly("at-since");
            assertThat(storage.visitors().active(SITE, since, 100).count()).isEqualTo(1);
        }

        @Test
        void activeIsOrderedByLastPageviewNewestFirstThenByVisitorId() {
            Instant since = T0.minusSeconds(600);
            store(visitor(SITE, "b", T0.minusSeconds(10), T0.minusSeconds(100)));
            store(visitor(SITE, "a", T0.minusSeconds(10), T0.minusSeconds(10)));
            store(visitor(SITE, "c", T0.minusSeconds(10), T0.minusSeconds(200)));
            // seen last (a goal from the website's backend) although its last pageview is the oldest
            store(new VisitorState(SITE, "z", since, T0, since, "s", since, 1, "/", null, null, null, null, null, null, null));
            store(visitor(SITE, "y", T0.minusSeconds(300), T0.minusSeconds(300)));

            assertThat(latest(since, 100)).containsExactly("a", "b", "c", "y", "z");
        }

        @Test
        void activeListsAtMostTheLimitAndCountsThemAll() {
            Instant since = T0.minusSeconds(600);
            for (int i = 0; i < 30; i++) {
                store(visitor(SITE, String.format("v%02d", i), T0.minusSeconds(i), T0.minusSeconds(i)));
            }
            store(visitor(SITE, "tie-b", T0.minusSeconds(2), T0.minusSeconds(2)));
            store(visitor(SITE, "tie-a", T0.minusSeconds(2), T0.minusSeconds(2)));

            Visitors.Active three = storage.visitors().active(SITE, since, 3);
            assertThat(three.count()).isEqualTo(32);
            assertThat(three.latest()).extracting(VisitorState::visitorId).containsExactly("v00", "v01", "tie-a");
            assertThat(latest(since, 5)).containsExactly("v00", "v01", "tie-a", "tie-b", "v02");
            assertThat(latest(since, 1)).containsExactly("v00");
            assertThat(storage.visitors().active(SITE, T0.plusSeconds(1), 10)).isEqualTo(new Visitors.Active(0, List.of()));
        }

        @Test
        void activeReturnsOnlyTheWebsitesOwnVisitors() {
            store(visitor(SITE, "mine", T0, T0));
            store(visitor(OTHER_SITE, "theirs", T0, T0));

            assertThat(latest(T0.minusSeconds(60), 10)).containsExactly("mine");
            assertThat(storage.visitors().active(SITE, T0.minusSeconds(60), 10).count()).isEqualTo(1);
        }

        @Test
        void activeReturnsFullStates() {
            VisitorState full = everyFieldSet(SITE, "v1");
            store(full);

            assertThat(storage.visitors().active(SITE, full.lastPageviewAt(), 10).latest()).containsExactly(full);
        }

        @Test
        void findAllReturnsTheStoredVisitorsOfTheWebsiteByIdAndLeavesOutTheOthers() {
            VisitorState full = everyFieldSet(SITE, "v1");
            store(full);
            store(visitor(SITE, "v2", T0, T0));
            store(visitor(OTHER_SITE, "v3", T0, T0));

            Map<String, VisitorState> found = storage.visitors().findAll(SITE, List.of("v1", "v3", "nobody", "v2"));

            assertThat(found).containsOnlyKeys("v1", "v2");
            assertThat(found.get("v1")).isEqualTo(full);
            assertThat(storage.visitors().findAll(SITE, List.of())).isEmpty();
        }
    }

    // ---------------------------------------------------------------- Payments

    @Nested
    class PaymentsRecord {

        @Test
        void recordStoresAPaymentOnceAndKeepsTheFirstOfDuplicates() {
            Payment first = payment(SITE, "tx-1", "19.99", T0, false);
            Payment again = payment(SITE, "tx-1", "99.00", T0.plusSeconds(1), false);

            assertThat(storage.payments().record(first)).isTrue();
            assertThat(storage.payments().record(again)).isFalse();
            assertThat(storage.payments().recentPayments(SITE, T0, 10)).containsExactly(first);
        }

        @Test
        void theSameTransactionIdOnAnotherWebsiteIsAnotherPayment() {
            assertThat(storage.payments().record(payment(SITE, "tx-1", "5", T0, false))).isTrue();
            assertThat(storage.payments().record(payment(OTHER_SITE, "tx-1", "5", T0, false))).isTrue();
        }

        @Test
        void concurrentDuplicatesFromManyThreadsStoreExactlyOne() throws Exception {
            List<Boolean> stored = concurrently(32,
                    () -> storage.payments().record(payment(SITE, "tx-race", "10.00", T0, false)));

            assertThat(stored).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(storage.payments().recentPayments(SITE, T0, 100)).hasSize(1);
        }

        @Test
        void recordAllStoresTheNewOnesKeepsTheFirstOfARepeatedIdAndReturnsThoseStoredInOrder() {
            Payment stored = payment(SITE, "tx-old", "5.00", T0, false);
            storage.payments().record(stored);
            Payment a = payment(SITE, "tx-a", "10.00", T0.plusSeconds(1), false);
            Payment old = payment(SITE, "tx-old", "7.00", T0.plusSeconds(2), false);
            Payment b = payment(SITE, "tx-b", "20.00", T0.plusSeconds(3), false);
            Payment bAgain = payment(SITE, "tx-b", "30.00", T0.plusSeconds(4), true);
            Payment elsewhere = payment(OTHER_SITE, "tx-a", "1.00", T0, false);

            List<Payment> recorded = storage.payments().recordAll(List.of(b, old, a, bAgain, elsewhere));

            assertThat(recorded).containsExactly(b, a, elsewhere);
            assertThat(storage.payments().byTransactionId(SITE, "tx-b")).contains(b);
            assertThat(storage.payments().byTransactionId(SITE, "tx-old")).contains(stored);
            assertThat(storage.payments().byTransactionId(OTHER_SITE, "tx-a")).contains(elsewhere);
            assertThat(storage.payments().recordAll(List.of())).isEmpty();
        }

        @Test
        void paymentKeepsEveryField() {
            Payment full = new Payment(newId(), SITE, "tx-full", new BigDecimal("1234.50"), "EUR", T0, "v1",
                    "ada@example.com", "Ada", "cus_123", true, false);
            Payment bare = new Payment(newId(), SITE, "tx-bare", BigDecimal.ZERO, "USD", T0.minusSeconds(1), null, null,
                    null, null, false, false);
            storage.payments().record(full);
            storage.payments().record(bare);

            assertThat(storage.payments().recentPayments(SITE, T0.minusSeconds(1), 10)).containsExactly(full, bare);
        }

        @Test
        void recentPaymentsWithTheSameTimestampAreOrderedByIdDescending() {
            Payment a = new Payment("00000000000000000000000a", SITE, "ta", BigDecimal.ONE, "USD", T0, null, null, null,
                    null, false, false);
            Payment c = new Payment("00000000000000000000000c", SITE, "tc", BigDecimal.ONE, "USD", T0, null, null, null,
                    null, false, false);
            Payment b = new Payment("00000000000000000000000b", SITE, "tb", BigDecimal.ONE, "USD", T0, null, null, null,
                    null, false, false);
            List.of(a, c, b).forEach(storage.payments()::record);

            assertThat(storage.payments().recentPayments(SITE, T0, 10)).containsExactly(c, b, a);
        }

        @Test
        void recentLeavesOutRefundedPaymentsAndIsNewestFirstFromSinceAtMostLimit() {
            Payment p0 = payment(SITE, "t0", "1", T0, false);
            Payment p1 = payment(SITE, "t1", "2", T0.plusSeconds(1), true);
            Payment p2 = payment(SITE, "t2", "3", T0.plusSeconds(2), false);
            Payment p3 = payment(SITE, "t3", "4", T0.plusSeconds(3), false);
            Payment before = payment(SITE, "t-before", "5", T0.minusMillis(1), false);
            Payment elsewhere = payment(OTHER_SITE, "t9", "6", T0.plusSeconds(1), false);
            for (Payment p : List.of(p2, p0, p3, p1, before, elsewhere)) {
                storage.payments().record(p);
            }

            assertThat(storage.payments().recentPayments(SITE, T0, 10)).containsExactly(p3, p2, p0);
            assertThat(storage.payments().recentPayments(SITE, T0, 2)).containsExactly(p3, p2);
            assertThat(storage.payments().recentPayments(OTHER_SITE, T0, 10)).containsExactly(elsewhere);
        }
    }

    @Nested
    class PaymentsOfTheSameCustomer {

        private Payment paid(String id, Instant at, String visitor, String email) {
            return new Payment(id, SITE, "tx-" + id, BigDecimal.TEN, "USD", at, visitor, email, null, null, false, false);
        }

        @Test
        void anEarlierPaymentOfTheSameVisitorIsFound() {
            storage.payments().record(paid("000000000000000000000001", T0, "v1", null));

            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000002", T0.plusSeconds(1),
                    "v1", null))).isTrue();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000003", T0.plusSeconds(1),
                    "v2", null))).isFalse();
        }

        @Test
        void withoutAVisitorAnEarlierPaymentWithTheSameEmailInAnyCaseIsFound() {
            storage.payments().record(paid("000000000000000000000001", T0, null, "Ada@Example.com"));

            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000002", T0.plusSeconds(1),
                    null, "ada@example.COM"))).isTrue();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000003", T0.plusSeconds(1),
                    null, "grace@example.com"))).isFalse();
        }

        @Test
        void aPaymentWithAVisitorIsMatchedByVisitorOnlyNotByEmail() {
            storage.payments().record(paid("000000000000000000000001", T0, "v1", "ada@example.com"));

            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000002", T0.plusSeconds(1),
                    "v2", "ada@example.com"))).isFalse();
        }

        @Test
        void onlyPaymentsBeforeItByTimestampThenIdCount() {
            Payment first = paid("000000000000000000000005", T0, "v1", null);
            storage.payments().record(first);

            assertThat(storage.payments().hasEarlierOfSameCustomer(first)).isFalse();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000004", T0, "v1", null)))
                    .isFalse();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000006", T0, "v1", null)))
                    .isTrue();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000001", T0.minusMillis(1),
                    "v1", null))).isFalse();
        }

        @Test
        void aPaymentWithNeitherVisitorNorEmailHasNoEarlierOne() {
            storage.payments().record(paid("000000000000000000000001", T0, null, null));

            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000002", T0.plusSeconds(1),
                    null, null))).isFalse();
        }

        @Test
        void manyPaymentsAtOnceGetTheAnswerEachGetsAlone() {
            storage.payments().record(paid("000000000000000000000001", T0, "v1", "ada@example.com"));
            storage.payments().record(paid("000000000000000000000002", T0, null, "Grace@example.com"));
            storage.payments().record(paid("000000000000000000000003", T0.plusSeconds(5), "v2", null));
            List<Payment> asked = List.of(
                    paid("000000000000000000000010", T0.plusSeconds(1), "v1", null),
                    paid("000000000000000000000011", T0.plusSeconds(1), "v2", null),
                    paid("000000000000000000000012", T0.plusSeconds(1), null, "grace@EXAMPLE.com"),
                    paid("000000000000000000000013", T0.plusSeconds(1), null, "ada@example.com"),
                    paid("000000000000000000000014", T0.plusSeconds(1), null, null),
                    paid("000000000000000000000001", T0, "v1", "ada@example.com"),
                    paid("000000000000000000000015", T0.plusSeconds(9), "v2", null));

            Set<String> answer = storage.payments().withEarlierOfSameCustomer(SITE, asked);

            for (Payment p : asked) {
                assertThat(answer.contains(p.id())).as(p.id()).isEqualTo(storage.payments().hasEarlierOfSameCustomer(p));
            }
            assertThat(answer).containsExactlyInAnyOrder("000000000000000000000010", "000000000000000000000012",
                    "000000000000000000000013", "000000000000000000000015");
            assertThat(storage.payments().withEarlierOfSameCustomer(SITE, List.of())).isEmpty();
        }

        @Test
        void paymentsOfAnotherWebsiteDoNotCount() {
            storage.payments().record(new Payment("000000000000000000000001", OTHER_SITE, "tx", BigDecimal.TEN, "USD", T0,
                    "v1", "ada@example.com", null, null, false, false));

            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000002", T0.plusSeconds(1),
                    "v1", null))).isFalse();
            assertThat(storage.payments().hasEarlierOfSameCustomer(paid("000000000000000000000003", T0.plusSeconds(1),
                    null, "ada@example.com"))).isFalse();
        }
    }

    @Nested
    class PaymentsRefundsAndVisitorPayments {

        private Payment of(String id, String transaction, Instant at, String visitor, boolean refunded) {
            return new Payment(id, SITE, transaction, new BigDecimal("19.90"), "EUR", at, visitor, "ada@example.com",
                    "Ada", "cus_1", false, refunded);
        }

        private Payment refundedCopy(Payment p) {
            return new Payment(p.id(), p.websiteId(), p.transactionId(), p.amount(), p.currency(), p.timestamp(),
                    p.visitorId(), p.email(), p.name(), p.customerId(), p.renewal(), true);
        }

        @Test
        void aPaymentIsFoundByItsTransactionIdOnItsWebsiteOnly() {
            Payment stored = of(newId(), "tx-1", T0, "v1", false);
            storage.payments().record(stored);

            assertThat(storage.payments().byTransactionId(SITE, "tx-1")).contains(stored);
            assertThat(storage.payments().byTransactionId(SITE, "tx-2")).isEmpty();
            assertThat(storage.payments().byTransactionId(OTHER_SITE, "tx-1")).isEmpty();
        }

        @Test
        void markRefundedRefundsTheStoredPaymentOnceAndChangesNothingElse() {
            Payment stored = of(newId(), "tx-1", T0, "v1", false);
            storage.payments().record(stored);

            assertThat(storage.payments().markRefunded(SITE, "tx-1")).isTrue();
            assertThat(storage.payments().markRefunded(SITE, "tx-1")).as("already refunded").isFalse();

            assertThat(storage.payments().byTransactionId(SITE, "tx-1")).contains(refundedCopy(stored));
            assertThat(storage.payments().recentPayments(SITE, T0, 10)).isEmpty();
            assertThat(storage.payments().ofVisitor(SITE, "v1")).containsExactly(refundedCopy(stored));
        }

        @Test
        void markRefundedOfAnUnknownTransactionOrOnAnotherWebsiteStoresNothing() {
            storage.payments().record(of(newId(), "tx-1", T0, "v1", false));

            assertThat(storage.payments().markRefunded(SITE, "tx-unknown")).isFalse();
            assertThat(storage.payments().markRefunded(OTHER_SITE, "tx-1")).isFalse();

            assertThat(storage.payments().byTransactionId(SITE, "tx-unknown")).isEmpty();
            assertThat(storage.payments().byTransactionId(SITE, "tx-1")).get().extracting(Payment::refunded)
                    .isEqualTo(false);
        }

        @Test
        void aPaymentStoredAsRefundedIsNotRefundedAgain() {
            storage.payments().record(of(newId(), "tx-r", T0, null, true));

            assertThat(storage.payments().markRefunded(SITE, "tx-r")).isFalse();
        }

        @Test
        void concurrentRefundsOfOnePaymentReportExactlyOneChange() throws Exception {
            storage.payments().record(of(newId(), "tx-1", T0, "v1", false));

            List<Boolean> changed = concurrently(24, () -> storage.payments().markRefunded(SITE, "tx-1"));

            assertThat(changed).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(storage.payments().byTransactionId(SITE, "tx-1")).get().extracting(Payment::refunded)
                    .isEqualTo(true);
        }

        @Test
        void ofVisitorListsTheVisitorsPaymentsRefundedIncludedOldestFirstThenById() {
            Payment late = of("000000000000000000000009", "tx-late", T0.plusSeconds(60), "v1", false);
            Payment refunded = of("000000000000000000000003", "tx-refunded", T0.plusSeconds(30), "v1", true);
            Payment tieB = of("00000000000000000000000b", "tx-b", T0, "v1", false);
            Payment tieA = of("00000000000000000000000a", "tx-a", T0, "v1", false);
            Payment otherVisitor = of(newId(), "tx-other", T0, "v2", false);
            Payment unattributed = of(newId(), "tx-none", T0, null, false);
            Payment otherSite = new Payment(newId(), OTHER_SITE, "tx-x", BigDecimal.ONE, "USD", T0, "v1", null, null,
                    null, false, false);
            for (Payment p : List.of(late, refunded, tieB, tieA, otherVisitor, unattributed, otherSite)) {
                storage.payments().record(p);
            }

            assertThat(storage.payments().ofVisitor(SITE, "v1")).containsExactly(tieA, tieB, refunded, late);
            assertThat(storage.payments().ofVisitor(SITE, "nobody")).isEmpty();
            Map<String, List<Payment>> ofVisitors = storage.payments().ofVisitors(SITE, List.of("v2", "nobody", "v1"));
            assertThat(ofVisitors).containsOnlyKeys("v1", "v2", "nobody");
            assertThat(ofVisitors.get("v1")).containsExactly(tieA, tieB, refunded, late);
            assertThat(ofVisitors.get("v2")).containsExactly(otherVisitor);
            assertThat(ofVisitors.get("nobody")).isEmpty();
            assertThat(storage.payments().ofVisitor(OTHER_SITE, "v1")).containsExactly(otherSite);
        }
    }

    // ---------------------------------------------------------------- ConversionHistory

    @Nested
    class ConversionHistorySegments {

        private final VisitorDimensions desktop = new VisitorDimensions("desktop", "Mac OS", "Chrome", "US", "google.com");
        private final VisitorDimensions mobile = new VisitorDimensions("mobile", "iOS", "Safari", "DE", null);
        private final VisitorDimensions unknownDevice = new VisitorDimensions(null, "iOS", "Safari", "DE", null);

        private VisitorState touched(String website, String id, Instant firstSeen, VisitorDimensions firstTouch,
                CustomerInfo customer) {
            return new VisitorState(website, id, firstSeen, firstSeen, firstSeen, "s", firstSeen, 1, "/", null, null,
                    null, null, firstTouch, null, customer);
        }

        private CustomerInfo paid(String revenue) {
            return new CustomerInfo(true, null, null, new BigDecimal(revenue));
        }

        @Test
        void segmentsCountVisitorsConvertersAndRevenuePerFirstTouchDimensions() {
            store(touched(SITE, "d1", T0, desktop, paid("10.50")));
            store(touched(SITE, "d2", T0.plusSeconds(1), desktop, paid("5")));
            store(touched(SITE, "d3", T0.plusSeconds(2), desktop, null));
            // revenue of a visitor that is not a customer does not count
            store(touched(SITE, "d4", T0.plusSeconds(3), desktop, new CustomerInfo(false, null, null, new BigDecimal("3"))));
            store(touched(SITE, "m1", T0, mobile, null));
            store(touched(SITE, "u1", T0, unknownDevice, paid("7.25")));

            assertThat(storage.conversionHistory().segments(SITE, T0, T0.plusSeconds(60))).containsExactlyInAnyOrder(
                    new SegmentCount(desktop, 4, 2, 15.5),
                    new SegmentCount(mobile, 1, 0, 0),
                    new SegmentCount(unknownDevice, 1, 1, 7.25));
        }

        @Test
        void segmentsCountOnlyVisitorsFirstSeenFromInclusiveToExclusive() {
            Instant from = T0;
            Instant to = T0.plusSeconds(3600);
            store(touched(SITE, "at-from", from, desktop, null));
            store(touched(SITE, "before", from.minusMillis(1), desktop, null));
            store(touched(SITE, "at-to", to, desktop, null));
            store(touched(SITE, "inside", to.minusMillis(1), desktop, paid("1")));

            assertThat(storage.conversionHistory().segments(SITE, from, to))
                    .containsExactly(new SegmentCount(desktop, 2, 1, 1));
        }

        @Test
        void segmentsLeaveOutVisitorsWithoutAFirstPageview() {
            store(touched(SITE, "no-touch", T0, null, paid("50")));

            assertThat(storage.conversionHistory().segments(SITE, T0, T0.plusSeconds(60))).isEmpty();
        }

        @Test
        void segmentsCountOnlyTheWebsitesOwnVisitors() {
            store(touched(SITE, "mine", T0, desktop, null));
            store(touched(OTHER_SITE, "theirs", T0, desktop, paid("9")));

            assertThat(storage.conversionHistory().segments(SITE, T0, T0.plusSeconds(60)))
                    .containsExactly(new SegmentCount(desktop, 1, 0, 0));
        }
    }

    // ---------------------------------------------------------------- Websites and Credentials

    @Nested
    class WebsitesStore {

        @Test
        void savedWebsiteIsFoundByIdAndByTrackingIdWithEveryField() {
            Website site = website(SITE, "track-1", T0);
            storage.websites().save(site);

            assertThat(storage.websites().byId(SITE)).contains(site);
            assertThat(storage.websites().byTrackingId("track-1")).contains(site);
            assertThat(storage.websites().byId(SITE).orElseThrow().allowedHostnames())
                    .containsExactly("www.track-1.example.com", "shop.track-1.example.com");
        }

        @Test
        void unknownWebsitesAreEmpty() {
            assertThat(storage.websites().byId("cccccccccccccccccccccccc")).isEmpty();
            assertThat(storage.websites().byTrackingId("nope")).isEmpty();
            assertThat(storage.websites().all()).isEmpty();
        }

        @Test
        void savingAWebsiteAgainReplacesIt() {
            storage.websites().save(website(SITE, "track-1", T0));
            Website renamed = new Website(SITE, "track-1", "example.org", null, "USD", "UTC", List.of(), T0);
            storage.websites().save(renamed);

            assertThat(storage.websites().byId(SITE)).contains(renamed);
            assertThat(storage.websites().all()).containsExactly(renamed);
        }

        @Test
        void allListsWebsitesOldestFirst() {
            Website newest = website("cccccccccccccccccccccccc", "t-c", T0.plusSeconds(2));
            Website oldest = website(SITE, "t-a", T0);
            Website middle = website(OTHER_SITE, "t-b", T0.plusSeconds(1));
            storage.websites().save(newest);
            storage.websites().save(oldest);
            storage.websites().save(middle);

            assertThat(storage.websites().all()).containsExactly(oldest, middle, newest);
        }
    }

    @Nested
    class CredentialsStore {

        @Test
        void apiKeyIsFoundByItsHash() {
            ApiKey key = new ApiKey("a".repeat(64), SITE, T0, "000000000000000000000001", "df_aaaaa");
            storage.credentials().saveApiKey(key);

            assertThat(storage.credentials().apiKeyByHash("a".repeat(64))).contains(key);
            assertThat(storage.credentials().apiKeyByHash("b".repeat(64))).isEmpty();
        }

        @Test
        void accountTokenIsFoundByItsHashWithPermissionsAndWebsites() {
            AccountToken scoped = token('c', 1, Set.of(Permission.ANALYTICS_READ, Permission.PAYMENTS_WRITE),
                    Set.of(SITE, OTHER_SITE), T0, false);
            AccountToken admin = token('d', 2, Set.of(Permission.ALL), Set.of(), T0.plusSeconds(1), true);
            storage.credentials().saveAccountToken(scoped);
            storage.credentials().saveAccountToken(admin);

            assertThat(storage.credentials().accountTokenByHash("c".repeat(64))).contains(scoped);
            assertThat(storage.credentials().accountTokenByHash("d".repeat(64))).contains(admin);
            assertThat(storage.credentials().accountTokenByHash("e".repeat(64))).isEmpty();
        }

        @Test
        void aTokenSavedWithoutAnIdGetsOneThatFindsIt() {
            storage.credentials().saveAccountToken(new AccountToken("c".repeat(64), Set.of(Permission.ALL), Set.of(), T0));

            AccountToken stored = storage.credentials().accountTokenByHash("c".repeat(64)).orElseThrow();
            assertThat(stored.id()).matches("[0-9a-f]{24}");
            assertThat(storage.credentials().accountTokenById(stored.id())).contains(stored);
            assertThat(stored.adminToken()).isFalse();
        }

        @Test
        void accountTokensAreListedOldestFirstAndFoundByTheirIds() {
            AccountToken newer = token('b', 2, Set.of(Permission.ANALYTICS_READ), Set.of(SITE), T0.plusSeconds(1), false);
            AccountToken older = token('a', 1, Set.of(Permission.ALL), Set.of(), T0, true);
            storage.credentials().saveAccountToken(newer);
            storage.credentials().saveAccountToken(older);

            assertThat(storage.credentials().accountTokens()).containsExactly(older, newer);
            assertThat(storage.credentials().accountTokenById(newer.id())).contains(newer);
            assertThat(storage.credentials().accountTokenById("ffffffffffffffffffffffff")).isEmpty();
        }

        @Test
        void aDeletedAccountTokenIsNoLongerFoundAtOnce() {
            AccountToken admin = token('a', 1, Set.of(Permission.ALL), Set.of(), T0, true);
            AccountToken reader = token('b', 2, Set.of(Permission.ANALYTICS_READ), Set.of(SITE), T0, false);
            storage.credentials().saveAccountToken(admin);
            storage.credentials().saveAccountToken(reader);

            assertThat(storage.credentials().deleteAccountToken(reader.id())).isEqualTo(Credentials.TokenDeletion.DELETED);

            assertThat(storage.credentials().accountTokenByHash(reader.hash())).isEmpty();
            assertThat(storage.credentials().accountTokenById(reader.id())).isEmpty();
            assertThat(storage.credentials().accountTokens()).containsExactly(admin);
            assertThat(storage.credentials().deleteAccountToken(reader.id())).as("already deleted")
                    .isEqualTo(Credentials.TokenDeletion.NOT_FOUND);
        }

        @Test
        void theLastTokenWithPermissionAllOnEveryWebsiteIsNotDeleted() {
            AccountToken first = token('a', 1, Set.of(Permission.ALL), Set.of(), T0, true);
            AccountToken second = token('b', 2, Set.of(Permission.ALL), Set.of(), T0, false);
            AccountToken allOnOneSite = token('c', 3, Set.of(Permission.ALL), Set.of(SITE), T0, false);
            storage.credentials().saveAccountToken(first);
            storage.credentials().saveAccountToken(second);
            storage.credentials().saveAccountToken(allOnOneSite);

            assertThat(storage.credentials().deleteAccountToken(first.id())).isEqualTo(Credentials.TokenDeletion.DELETED);
            assertThat(storage.credentials().deleteAccountToken(second.id()))
                    .isEqualTo(Credentials.TokenDeletion.LAST_FULL_ACCESS);
            assertThat(storage.credentials().accountTokenByHash(second.hash())).contains(second);
            assertThat(storage.credentials().deleteAccountToken(allOnOneSite.id()))
                    .as("permission * on one website is not full access").isEqualTo(Credentials.TokenDeletion.DELETED);
        }

        @Test
        void twoTokensWithFullAccessRevokedAtOnceLeaveOne() throws Exception {
            for (int round = 0; round < 10; round++) {
                AccountToken first = token('a', 1 + 2 * round, Set.of(Permission.ALL), Set.of(), T0, false);
                AccountToken second = token('b', 2 + 2 * round, Set.of(Permission.ALL), Set.of(), T0, false);
                storage.credentials().saveAccountToken(first);
                storage.credentials().saveAccountToken(second);

                AtomicLong turn = new AtomicLong();
                List<Credentials.TokenDeletion> done = concurrently(2, () -> storage.credentials().deleteAccountToken(
                        turn.getAndIncrement() == 0 ? first.id() : second.id()));

                assertThat(done).as("round %d", round).containsExactlyInAnyOrder(Credentials.TokenDeletion.DELETED,
                        Credentials.TokenDeletion.LAST_FULL_ACCESS);
                assertThat(storage.credentials().accountTokens()).hasSize(1).allMatch(AccountToken::hasFullAccess);
                storage = emptyStorage();
            }
        }

        @Test
        void ofManyFirstTokensSavedAtOnceExactlyOneIsSaved() throws Exception {
            AtomicLong next = new AtomicLong();
            List<Boolean> saved = concurrently(16, () -> {
                long n = next.incrementAndGet();
                return storage.credentials().saveFirstAccountToken(new AccountToken(String.format("%064x", n),
                        Set.of(Permission.ALL), Set.of(), T0, String.format("%024x", n), "dft_" + n, true));
            });

            assertThat(saved).containsOnlyOnce(true);
            assertThat(storage.credentials().accountTokens()).hasSize(1);
            assertThat(storage.credentials().saveFirstAccountToken(token('f', 99, Set.of(Permission.ALL), Set.of(), T0,
                    true))).as("with a token stored").isFalse();
        }

        @Test
        void aNewAdminTokenReplacesTheOldOneAndKeepsTheOthers() {
            AccountToken old = token('a', 1, Set.of(Permission.ALL), Set.of(), T0, true);
            AccountToken issued = token('b', 2, Set.of(Permission.ANALYTICS_READ), Set.of(SITE), T0, false);
            AccountToken configured = token('c', 3, Set.of(Permission.ALL), Set.of(), T0.plusSeconds(5), true);
            assertThat(storage.credentials().replaceAdminToken(old)).isEmpty();
            storage.credentials().saveAccountToken(issued);

            assertThat(storage.credentials().replaceAdminToken(configured)).containsExactly(old);

            assertThat(storage.credentials().accountTokenByHash(old.hash())).isEmpty();
            assertThat(storage.credentials().accountTokens()).containsExactly(issued, configured);
            AccountToken again = token('c', 4, Set.of(Permission.ALL), Set.of(), T0.plusSeconds(9), true);
            assertThat(storage.credentials().replaceAdminToken(again)).as("the same token again").isEmpty();
            assertThat(storage.credentials().accountTokens()).as("keeps its id and time")
                    .containsExactly(issued, configured);
        }

        @Test
        void anIssuedTokenConfiguredAsTheAdminTokenBecomesItWithFullAccessAndKeepsItsId() {
            AccountToken issued = token('b', 2, Set.of(Permission.ANALYTICS_READ), Set.of(SITE), T0, false);
            storage.credentials().saveAccountToken(issued);

            storage.credentials().replaceAdminToken(token('b', 7, Set.of(Permission.ALL), Set.of(), T0.plusSeconds(1),
                    true));

            AccountToken stored = storage.credentials().accountTokenByHash(issued.hash()).orElseThrow();
            assertThat(stored.id()).isEqualTo(issued.id());
            assertThat(stored.adminToken()).isTrue();
            assertThat(stored.hasFullAccess()).isTrue();
        }

        @Test
        void theSameAdminTokenSetByManyNodesAtOnceIsStoredOnceAndReplacesTheOldOneOnce() throws Exception {
            AccountToken old = token('a', 1, Set.of(Permission.ALL), Set.of(), T0, true);
            storage.credentials().replaceAdminToken(old);
            AtomicLong next = new AtomicLong(100);

            List<List<AccountToken>> replaced = concurrently(16, () -> storage.credentials().replaceAdminToken(
                    token('c', (int) next.incrementAndGet(), Set.of(Permission.ALL), Set.of(), T0, true)));

            assertThat(replaced.stream().flatMap(List::stream)).containsExactly(old);
            assertThat(storage.credentials().accountTokens()).singleElement()
                    .satisfies(token -> assertThat(token.hash()).isEqualTo("c".repeat(64)));
        }

        @Test
        void apiKeysOfAWebsiteAreListedOldestFirstWithTheirIdsAndPrefixes() {
            ApiKey newer = new ApiKey("b".repeat(64), SITE, T0.plusSeconds(1), "000000000000000000000002", "df_bbbbb");
            ApiKey older = new ApiKey("a".repeat(64), SITE, T0, "000000000000000000000001", "df_aaaaa");
            ApiKey elsewhere = new ApiKey("c".repeat(64), OTHER_SITE, T0, "000000000000000000000003", "df_ccccc");
            storage.credentials().saveApiKey(newer);
            storage.credentials().saveApiKey(older);
            storage.credentials().saveApiKey(elsewhere);

            assertThat(storage.credentials().apiKeysOf(SITE)).containsExactly(older, newer);
            assertThat(storage.credentials().apiKeyByHash("a".repeat(64))).contains(older);
            assertThat(storage.credentials().apiKeysOf("dddddddddddddddddddddddd")).isEmpty();
        }

        @Test
        void aDeletedApiKeyIsNoLongerFoundAtOnce() {
            ApiKey key = new ApiKey("a".repeat(64), SITE, T0, "000000000000000000000001", "df_aaaaa");
            ApiKey kept = new ApiKey("b".repeat(64), SITE, T0, "000000000000000000000002", "df_bbbbb");
            storage.credentials().saveApiKey(key);
            storage.credentials().saveApiKey(kept);

            assertThat(storage.credentials().deleteApiKey(OTHER_SITE, key.id())).as("another website's").isFalse();
            assertThat(storage.credentials().deleteApiKey(SITE, key.id())).isTrue();

            assertThat(storage.credentials().apiKeyByHash("a".repeat(64))).isEmpty();
            assertThat(storage.credentials().apiKeysOf(SITE)).containsExactly(kept);
            assertThat(storage.credentials().deleteApiKey(SITE, key.id())).as("already deleted").isFalse();
        }

        @Test
        void hasAccountTokensOnlyOnceOneIsSaved() {
            assertThat(storage.credentials().hasAccountTokens()).isFalse();
            storage.credentials().saveApiKey(new ApiKey("a".repeat(64), SITE, T0));
            assertThat(storage.credentials().hasAccountTokens()).isFalse();

            storage.credentials().saveAccountToken(new AccountToken("c".repeat(64), Set.of(Permission.ALL), Set.of(), T0));

            assertThat(storage.credentials().hasAccountTokens()).isTrue();
        }
    }

    // ---------------------------------------------------------------- ImportSink

    @Nested
    class ImportSinkAppendAll {

        /** Counts each stored event as one visit, in the order given, and records what it was called with. */
        final class CountingUpdate implements ImportSink.ImportedVisitorUpdate {
            final List<List<String>> calls = new ArrayList<>();

            @Override
            public VisitorState apply(Optional<VisitorState> current, List<Event> stored) {
                calls.add(stored.stream().map(Event::id).toList());
                VisitorState state = current.orElse(null);
                for (Event e : stored) {
                    state = state == null ? visitor(e.websiteId(), e.visitorId(), e.timestamp(), e.timestamp())
                            : new VisitorState(state.websiteId(), state.visitorId(), state.firstSeenAt(), e.timestamp(),
                                    e.timestamp(), state.sessionId(), state.sessionStartedAt(), state.visitCount() + 1,
                                    e.path(), null, null, null, null, null, null, null);
                }
                return state;
            }
        }

        @Test
        void appendAllStoresTheEventsAndAppliesEachVisitorsEventsInTheOrderGiven() {
            Event a1 = pageview(SITE, "a", T0.plusSeconds(5));
            Event b1 = pageview(SITE, "b", T0);
            Event a2 = pageview(SITE, "a", T0.plusSeconds(9));
            CountingUpdate update = new CountingUpdate();

            List<Event> stored = importSink(storage).appendAll(SITE, List.of(a1, b1, a2), update);

            assertThat(stored).containsExactly(a1, b1, a2);
            assertThat(update.calls).containsExactlyInAnyOrder(List.of(a1.id(), a2.id()), List.of(b1.id()));
            assertThat(storage.visitors().find(SITE, "a")).get().satisfies(s -> {
                assertThat(s.visitCount()).isEqualTo(2);
                assertThat(s.lastSeenAt()).isEqualTo(T0.plusSeconds(9));
            });
            assertThat(storage.visitors().find(SITE, "b")).get().extracting(VisitorState::visitCount).isEqualTo(1);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).containsExactly(a2, a1, b1);
        }

        @Test
        void appendAllSkipsStoredEventsAndLeavesVisitorsWithNothingNewAlone() {
            Event a1 = pageview(SITE, "a", T0);
            Event b1 = pageview(SITE, "b", T0);
            importSink(storage).appendAll(SITE, List.of(a1, b1), new CountingUpdate());
            Event a2 = pageview(SITE, "a", T0.plusSeconds(60));
            CountingUpdate again = new CountingUpdate();

            List<Event> stored = importSink(storage).appendAll(SITE, List.of(a1, b1, a2), again);

            assertThat(stored).containsExactly(a2);
            assertThat(again.calls).containsExactly(List.of(a2.id()));
            assertThat(storage.visitors().find(SITE, "a")).get().extracting(VisitorState::visitCount).isEqualTo(2);
            assertThat(storage.visitors().find(SITE, "b")).get().extracting(VisitorState::visitCount).isEqualTo(1);
            assertThat(storage.eventLog().recentEvents(SITE, T0, 10)).hasSize(3);
        }

        @Test
        void appendAllAppliesOnTopOfWhatLiveTrackingStored() {
            storage.eventLog().append(pageview(SITE, "a", T0), countVisit(SITE, "a", T0));

            importSink(storage).appendAll(SITE, List.of(pageview(SITE, "a", T0.plusSeconds(30))), new CountingUpdate());

            assertThat(storage.visitors().find(SITE, "a")).get().extracting(VisitorState::visitCount).isEqualTo(2);
        }

        @Test
        void appendAllWhoseUpdateThrowsForOneVisitorStoresNothingAtAll() {
            VisitorState before = storage.eventLog().append(pageview(SITE, "a", T0), countVisit(SITE, "a", T0));
            List<Event> events = List.of(pageview(SITE, "a", T0.plusSeconds(1)), pageview(SITE, "b", T0),
                    pageview(SITE, "c", T0));
            CountingUpdate counting = new CountingUpdate();

            assertThatThrownBy(() -> importSink(storage).appendAll(SITE, events, (current, stored) -> {
                if (stored.get(0).visitorId().equals("c")) {
                    throw new IllegalStateException("rule broken");
                }
                return counting.apply(current, stored);
            })).isInstanceOf(IllegalStateException.class).hasMessage("rule broken");

            assertThat(storage.visitors().find(SITE, "a")).contains(before);
            assertThat(storage.visitors().find(SITE, "b")).isEmpty();
            assertThat(storage.eventLog().recentEvents(SITE, T0.minusSeconds(1), 10)).hasSize(1);
        }

        @Test
        void appendAllStoresEventsOfYearsAgoAndOnlyForItsWebsite() {
            Event old = pageview(SITE, "a", T0.minus(Duration.ofDays(800)));
            Event sameIdOtherSite = new Event(old.id(), OTHER_SITE, "a", null, EventType.PAGEVIEW, old.timestamp(), "/",
                    null, null, Map.of());
            importSink(storage).appendAll(SITE, List.of(old), new CountingUpdate());

            List<Event> stored = importSink(storage).appendAll(OTHER_SITE, List.of(sameIdOtherSite), new CountingUpdate());

            assertThat(stored).containsExactly(sameIdOtherSite);
            assertThat(storage.eventLog().recentEvents(SITE, old.timestamp(), 10)).containsExactly(old);
            assertThat(storage.visitors().find(OTHER_SITE, "a")).isPresent();
        }

        @Test
        void concurrentImportsOfTheSameEventsStoreEachOnce() throws Exception {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(pageview(SITE, "v" + (i % 5), T0.plusSeconds(i)));
            }
            List<Integer> storedCounts = concurrently(4,
                    () -> importSink(storage).appendAll(SITE, events, new CountingUpdate()).size());

            assertThat(storedCounts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
            for (int v = 0; v < 5; v++) {
                assertThat(storage.visitors().find(SITE, "v" + v)).get().extracting(VisitorState::visitCount)
                        .isEqualTo(10);
            }
        }
    }

    // ---------------------------------------------------------------- RobotCounts

    @Nested
    class RobotCountsStore {

        final LocalDate day = LocalDate.of(2026, 3, 10);

        @Test
        void rememberedRobotVisitorsAreKnownOnTheirOwnWebsiteOnly() {
            RobotCounts counts = robotCounts(storage);
            assertThat(counts.isRobotVisitor(SITE, "bot-1")).isFalse();

            counts.rememberVisitors(Map.of(new RobotVisitor(SITE, "bot-1"), T0, new RobotVisitor(SITE, "bot-2"), T0));
            counts.rememberVisitors(Map.of(new RobotVisitor(SITE, "bot-1"), T0.minusSeconds(60)));
            counts.rememberVisitors(Map.of());

            assertThat(counts.isRobotVisitor(SITE, "bot-1")).isTrue();
            assertThat(counts.isRobotVisitor(SITE, "bot-2")).isTrue();
            assertThat(counts.isRobotVisitor(OTHER_SITE, "bot-1")).isFalse();
            assertThat(counts.isRobotVisitor(SITE, "someone")).isFalse();
        }

        @Test
        void aWebsiteNeverCountedHasNoRobots() {
            assertThat(robotCounts(storage).count(SITE, day)).isEqualTo(RobotCount.NONE);
        }

        @Test
        void addedCountsAddUpPerDayAndInTotal() {
            RobotCounts counts = robotCounts(storage);
            counts.add(Map.of(new RobotDay(SITE, day), 2L, new RobotDay(SITE, day.minusDays(1)), 5L));
            counts.add(Map.of(new RobotDay(SITE, day), 3L));

            assertThat(counts.count(SITE, day)).isEqualTo(new RobotCount(10, 5));
            assertThat(counts.count(SITE, day.minusDays(1))).isEqualTo(new RobotCount(10, 5));
            assertThat(counts.count(SITE, day.plusDays(1))).isEqualTo(new RobotCount(10, 0));
        }

        @Test
        void eachWebsiteHasItsOwnCounts() {
            RobotCounts counts = robotCounts(storage);
            counts.add(Map.of(new RobotDay(SITE, day), 2L, new RobotDay(OTHER_SITE, day), 7L));

            assertThat(counts.count(SITE, day)).isEqualTo(new RobotCount(2, 2));
            assertThat(counts.count(OTHER_SITE, day)).isEqualTo(new RobotCount(7, 7));
        }

        @Test
        void anAddWithACountBelowOneIsRefusedWhole() {
            RobotCounts counts = robotCounts(storage);
            Map<RobotDay, Long> bad = new LinkedHashMap<>();
            bad.put(new RobotDay(SITE, day), 4L);
            bad.put(new RobotDay(OTHER_SITE, day), 0L);

            assertThatThrownBy(() -> counts.add(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(OTHER_SITE);
            assertThat(counts.count(SITE, day)).isEqualTo(RobotCount.NONE);
        }

        @Test
        void anEmptyAddChangesNothing() {
            robotCounts(storage).add(Map.of());

            assertThat(robotCounts(storage).count(SITE, day)).isEqualTo(RobotCount.NONE);
        }

        @Test
        void concurrentAddsToTheSameDayAreAllKept() throws Exception {
            RobotCounts counts = robotCounts(storage);
            concurrently(20, () -> {
                counts.add(Map.of(new RobotDay(SITE, day), 3L, new RobotDay(OTHER_SITE, day), 1L));
                return null;
            });

            assertThat(counts.count(SITE, day)).isEqualTo(new RobotCount(60, 60));
            assertThat(counts.count(OTHER_SITE, day)).isEqualTo(new RobotCount(20, 20));
        }
    }

    // ---------------------------------------------------------------- VisitorHistory

    @Nested
    class VisitorHistoryReads {

        /** Appends an event of {@code type} on {@code path} for {@code visitor}, counting visits, keeping its state. */
        private Event event(String website, String visitor, EventType type, Instant at, String path,
                Map<String, String> extra, String referrer) {
            return event(newId(), website, visitor, type, at, path, extra, referrer);
        }

        private Event event(String id, String website, String visitor, EventType type, Instant at, String path,
                Map<String, String> extra, String referrer) {
            Event event = new Event(id, website, visitor, "s-" + visitor, type, at, path, referrer, null, extra);
            storage.eventLog().append(event, current -> {
                VisitorState base = current.orElseGet(() -> visitor(website, visitor, at, null));
                boolean pageview = type == EventType.PAGEVIEW;
                return new VisitorState(website, visitor, base.firstSeenAt(), at,
                        pageview ? at : base.lastPageviewAt(), base.sessionId(), base.sessionStartedAt(),
                        base.visitCount(), pageview ? path : base.currentUrl(), base.sessionReferrer(),
                        base.sessionParams(), base.location(), base.system(), base.firstTouch(), base.profile(),
                        base.customer());
            });
            return event;
        }

        private Event pageviewOn(String visitor, Instant at, String path) {
            return event(SITE, visitor, EventType.PAGEVIEW, at, path, Map.of(), null);
        }

        private Event goal(String visitor, Instant at, String name) {
            return event(SITE, visitor, EventType.CUSTOM, at, "/p", Map.of("eventName", name), null);
        }

        @Test
        void journeyOfAVisitorWithoutPageviewIsEmpty() {
            event(SITE, "v1", EventType.IDENTIFY, T0, "/p", Map.of("user_id", "u1"), null);

            assertThat(storage.visitorHistory().journey(SITE, "v1", 500)).isEmpty();
            assertThat(storage.visitorHistory().journey(SITE, "nobody", 500)).isEmpty();
        }

        @Test
        void journeyOfAnotherWebsitesVisitorIsEmpty() {
            pageviewOn("v1", T0, "/");

            assertThat(storage.visitorHistory().journey(OTHER_SITE, "v1", 500)).isEmpty();
        }

        @Test
        void journeyHasTheLatestPageviewsAndGoalsOldestFirstWithTotalsFirstPageviewIdentifyAndPayments() {
            Event landing = pageviewOn("v1", T0, "/?utm_source=google");
            Event second = pageviewOn("v1", T0.plusSeconds(1), "/a");
            event(SITE, "v1", EventType.IDENTIFY, T0.plusSeconds(2), "/a", Map.of("user_id", "u1"), null);
            event(SITE, "v1", EventType.EXTERNAL_LINK, T0.plusSeconds(3), "/a", Map.of("url", "https://x.org/"), null);
            Event signup = goal("v1", T0.plusSeconds(4), "signup");
            Event pricing = pageviewOn("v1", T0.plusSeconds(5), "/pricing");
            Event identified = event(SITE, "v1", EventType.IDENTIFY, T0.plusSeconds(6), "/pricing",
                    Map.of("user_id", "u1"), null);
            pageviewOn("v2", T0.plusSeconds(7), "/other");
            Payment later = new Payment(newId(), SITE, "tx-2", new BigDecimal("0"), "USD", T0.plusSeconds(9), "v1",
                    null, null, null, false, false);
            Payment first = new Payment(newId(), SITE, "tx-1", new BigDecimal("10"), "USD", T0.plusSeconds(8), "v1",
                    null, null, null, false, true);
            storage.payments().record(later);
            storage.payments().record(first);

            StoredJourney journey = storage.visitorHistory().journey(SITE, "v1", 2).orElseThrow();

            assertThat(journey.visitor().visitorId()).isEqualTo("v1");
            assertThat(journey.events()).as("the latest 2 pageviews and the latest 2 goals").containsExactly(second, signup,
                    pricing);
            assertThat(journey.pageviewCount()).isEqualTo(3);
            assertThat(journey.firstPageview()).isEqualTo(landing);
            assertThat(journey.lastIdentifiedAt()).isEqualTo(identified.timestamp());
            assertThat(journey.payments()).extracting(Payment::transactionId).containsExactly("tx-1", "tx-2");
            assertThat(storage.visitorHistory().journey(SITE, "v1", 500).orElseThrow().events()).hasSize(4);
        }

        @Test
        void journeyKeepsTheLatestPageviewsAndTheLatestGoalsEachUpToTheLimit() {
            List<Event> pageviews = new ArrayList<>();
            List<Event> goals = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                pageviews.add(pageviewOn("v1", T0.plusSeconds(2L * i), "/p" + i));
                if (i % 100 == 50) {
                    goals.add(goal("v1", T0.plusSeconds(2L * i + 1), "g" + i));
                }
            }

            StoredJourney journey = storage.visitorHistory().journey(SITE, "v1", 500).orElseThrow();

            assertThat(journey.events()).filteredOn(e -> e.type() == EventType.PAGEVIEW)
                    .containsExactlyElementsOf(pageviews.subList(100, 600));
            assertThat(journey.events()).as("goals are not crowded out by pageviews")
                    .filteredOn(e -> e.type() == EventType.CUSTOM).containsExactlyElementsOf(goals);
            assertThat(journey.events()).isSortedAccordingTo(Comparator.comparing(Event::timestamp));
            assertThat(journey.pageviewCount()).isEqualTo(600);
            assertThat(storage.visitorHistory().journey(SITE, "v1", 3).orElseThrow().events())
                    .as("the latest 3 goals of 6").filteredOn(e -> e.type() == EventType.CUSTOM)
                    .containsExactlyElementsOf(goals.subList(3, 6));
        }

        @Test
        void journeyFirstPageviewAndLandingPathOrderEventsOfTheSameTimeById() {
            String low = newId();
            String middle = newId();
            String high = newId();
            // stored highest id first: the order of events of the same time is their ids', not the order of storing
            Event c = event(high, SITE, "v1", EventType.PAGEVIEW, T0, "/c", Map.of(), null);
            Event b = event(middle, SITE, "v1", EventType.PAGEVIEW, T0, "/b", Map.of(), null);
            Event a = event(low, SITE, "v1", EventType.PAGEVIEW, T0, "/a", Map.of(), null);
            Event later = pageviewOn("v1", T0.plusSeconds(1), "/later");

            assertThat(storage.visitorHistory().journey(SITE, "v1", 2).orElseThrow().events())
                    .as("the latest 2 by time, then id: the limit falls among events of the same time")
                    .containsExactly(c, later);
            assertThat(storage.visitorHistory().journey(SITE, "v1", 3).orElseThrow().events()).containsExactly(b, c, later);
            StoredJourney all = storage.visitorHistory().journey(SITE, "v1", 500).orElseThrow();
            assertThat(all.events()).containsExactly(a, b, c, later);
            assertThat(all.firstPageview()).isEqualTo(a);
            assertThat(storage.visitorHistory().list(VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 0, 10)).visitors())
                    .extracting(VisitorPage.Listed::landingPath).containsExactly("/a");
        }

        @Test
        void journeyOfANeverIdentifiedVisitorHasNoIdentifyTime() {
            pageviewOn("v1", T0, "/");

            StoredJourney journey = storage.visitorHistory().journey(SITE, "v1", 500).orElseThrow();

            assertThat(journey.lastIdentifiedAt()).isNull();
            assertThat(journey.payments()).isEmpty();
        }

        @Test
        void listPagesThroughTheVisitorsOfThePeriodLatestPageviewFirstWithTheirTotal() {
            for (int i = 0; i < 5; i++) {
                pageviewOn("v" + i, T0.plusSeconds(i), "/landing" + i);
            }
            pageviewOn("early", T0.minusSeconds(60), "/");
            pageviewOn("late", T0.plusSeconds(60), "/");
            event(OTHER_SITE, "elsewhere", EventType.PAGEVIEW, T0.plusSeconds(2), "/", Map.of(), null);

            VisitorPage page = storage.visitorHistory().list(
                    VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 1, 2));

            assertThat(page.total()).isEqualTo(5);
            assertThat(page.visitors()).extracting(l -> l.visitor().visitorId()).containsExactly("v3", "v2");
            assertThat(page.visitors()).extracting(VisitorPage.Listed::landingPath).containsExactly("/landing3", "/landing2");
            assertThat(storage.visitorHistory().list(VisitorQuery.all(SITE, T0, T0.plusSeconds(60), 5, 2)).visitors())
                    .isEmpty();
            assertThat(storage.visitorHistory().list(VisitorQuery.all(OTHER_SITE, T0, T0.plusSeconds(60), 0, 10))
                    .visitors()).extracting(l -> l.visitor().visitorId()).containsExactly("elsewhere");
        }

        @Test
        void listedLandingPathIsTheFirstPageviewAfterAnEarlierEventAndMonthsBeforeTheLatest() {
            event(SITE, "v1", EventType.IDENTIFY, T0.minus(Duration.ofDays(70)), "/signin", Map.of("user_id", "u1"),
                    null);
            pageviewOn("v1", T0.minus(Duration.ofDays(40)), "/first?utm_source=bing");
            pageviewOn("v1", T0.minus(Duration.ofDays(40)), "/same-time-later-id");
            pageviewOn("v1", T0.minus(Duration.ofDays(1)), "/second");
            pageviewOn("v1", T0, "/latest");

            VisitorPage page = storage.visitorHistory().list(VisitorQuery.all(SITE, T0.minusSeconds(60), T0.plusSeconds(60), 0, 10));

            assertThat(page.visitors()).extracting(VisitorPage.Listed::landingPath).containsExactly("/first?utm_source=bing");
            assertThat(storage.visitorHistory().list(new VisitorQuery(SITE, T0.minusSeconds(60), T0.plusSeconds(60), 0,
                    10, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of("bing"), Set.of(), Set.of(),
                    null)).total()).as("the first session's campaign is the landing path's").isEqualTo(1);
        }

        @Test
        void listsAtOnceEachGetTheExactTotalAndTheirOrderedPage() throws Exception {
            List<String> newestFirst = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pageviewOn("v" + i, T0.plusSeconds(i), "/landing" + i);
                newestFirst.add(0, "v" + i);
            }

            AtomicLong calls = new AtomicLong();
            List<Map.Entry<Integer, VisitorPage>> pages = concurrently(48, () -> {
                int offset = (int) (calls.getAndIncrement() % 3) * 10;
                return Map.entry(offset, storage.visitorHistory().list(
                        VisitorQuery.all(SITE, T0, T0.plusSeconds(60), offset, 10)));
            });

            for (Map.Entry<Integer, VisitorPage> answer : pages) {
                int offset = answer.getKey();
                VisitorPage page = answer.getValue();
                assertThat(page.total()).isEqualTo(30);
                List<String> ids = page.visitors().stream().map(l -> l.visitor().visitorId()).toList();
                assertThat(ids).isEqualTo(newestFirst.subList(offset, offset + 10));
                assertThat(page.visitors()).extracting(VisitorPage.Listed::landingPath)
                        .containsExactlyElementsOf(ids.stream().map(id -> "/landing" + id.substring(1)).toList());
            }
        }

        @Test
        void listFiltersByEveryField() {
            store(everyFieldSet(SITE, "full"));
            event(SITE, "full", EventType.PAGEVIEW, T0.plusSeconds(1), "/docs?x=1", Map.of(), null);
            pageviewOn("plain", T0, "/?utm_source=bing&utm_campaign=winter%20sale");
            goal("plain", T0.plusSeconds(2), "signup");
            storage.payments().record(new Payment(newId(), SITE, "tx-trial", BigDecimal.ZERO, "USD", T0, "plain",
                    null, null, null, false, false));
            Instant from = T0.minusSeconds(3600);
            Instant to = T0.plusSeconds(3600);

            assertThat(ids(query(from, to, "countries", Set.of("US")))).containsExactly("full");
            assertThat(ids(query(from, to, "devices", Set.of("desktop", "tablet")))).containsExactly("full");
            assertThat(ids(query(from, to, "browsers", Set.of("Chrome")))).containsExactly("full");
            assertThat(ids(query(from, to, "oses", Set.of("Mac OS")))).containsExactly("full");
            assertThat(ids(query(from, to, "referrers", Set.of("news.ycombinator.com")))).containsExactly("full");
            assertThat(ids(query(from, to, "utmSources", Set.of("bing")))).containsExactly("plain");
            assertThat(ids(query(from, to, "utmCampaigns", Set.of("winter sale")))).containsExactly("plain");
            assertThat(ids(query(from, to, "pages", Set.of("/docs")))).containsExactly("full");
            assertThat(ids(query(from, to, "goals", Set.of("signup")))).containsExactly("plain");
            assertThat(ids(query(from, to, "goals", Set.of("free_trial")))).containsExactly("plain");
            assertThat(ids(query(from, to, "goals", Set.of("payment")))).isEmpty();
            assertThat(ids(query(from, to, "customer", true))).containsExactly("full");
            assertThat(ids(query(from, to, "customer", false))).containsExactly("plain");
            assertThat(ids(query(from, to, "countries", Set.of("FR")))).isEmpty();
        }

        private List<String> ids(VisitorPage page) {
            assertThat(page.total()).isEqualTo(page.visitors().size());
            return page.visitors().stream().map(l -> l.visitor().visitorId()).toList();
        }

        @SuppressWarnings("unchecked")
        private VisitorPage query(Instant from, Instant to, String filter, Object value) {
            Set<String> none = Set.of();
            Set<String> values = value instanceof Set<?> set ? (Set<String>) set : none;
            return storage.visitorHistory().list(new VisitorQuery(SITE, from, to, 0, 100,
                    filter.equals("pages") ? values : none,
                    filter.equals("countries") ? values : none,
                    filter.equals("devices") ? values : none,
                    filter.equals("browsers") ? values : none,
                    filter.equals("oses") ? values : none,
                    filter.equals("referrers") ? values : none,
                    filter.equals("utmSources") ? values : none,
                    filter.equals("utmCampaigns") ? values : none,
                    filter.equals("goals") ? values : none,
                    filter.equals("customer") ? (Boolean) value : null));
        }
    }
}
