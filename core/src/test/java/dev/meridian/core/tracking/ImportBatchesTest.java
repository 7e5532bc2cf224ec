package dev.meridian.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.tracking.LineRecord.EventLine;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Website;
import dev.meridian.core.urls.PageUrl;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ImportBatchesTest {

    static final Instant START = Instant.parse("2026-01-10T09:00:00Z");
    static final Website SITE = new Website("000000000000000000000001", "dfid_1", "example.com", null, "USD", "UTC",
            List.of(), START);

    /** What the sink was given, call by call, and the payments recorded after them. */
    final List<List<Event>> appended = Collections.synchronizedList(new ArrayList<>());
    final List<String> order = Collections.synchronizedList(new ArrayList<>());

    ImportBatches batches(int writers) {
        return new ImportBatches(SITE, (websiteId, events, update) -> {
            appended.add(events);
            order.add("events");
            return events;
        }, (website, payment) -> {
            order.add("payment " + payment.transactionId());
            return true;
        }, new SessionRule(SessionRule.DEFAULT_IDLE_TIMEOUT), writers, mapChanged::incrementAndGet);
    }

    /** How often the batches said the website's map changed. */
    final AtomicInteger mapChanged = new AtomicInteger();

    static EventLine line(long number, String id, Instant at, String visitor) {
        Event event = new Event(id, SITE.id(), visitor, "s", EventType.PAGEVIEW, at, "/", null, null, Map.of());
        PageUrl page = PageUrl.parse("href", "https://example.com/");
        return new EventLine(number, event, new Observation(EventType.PAGEVIEW, at, page, null, "s",
                Location.UNKNOWN, SystemInfo.UNKNOWN, null, null, UnaryOperator.<Profile>identity()));
    }

    static Payment payment(String transactionId) {
        return new Payment("p-" + transactionId, SITE.id(), transactionId, BigDecimal.ONE, "USD", START, null, null,
                null, null, false, false);
    }

    @Test
    void aBatchIsStoredInTimestampOrderTiesInLineOrderThenItsPayments() {
        try (ImportBatches batches = batches(1)) {
            batches.add(payment("tx-1"));
            batches.add(line(1, "e1", START.plusSeconds(5), "v1"));
            batches.add(line(2, "e2", START, "v2"));
            batches.add(line(3, "e3", START.plusSeconds(5), "v3"));

            batches.flush();
            batches.awaitWritten();

            assertThat(appended).singleElement().satisfies(events ->
                    assertThat(events).extracting(Event::id).containsExactly("e2", "e1", "e3"));
            assertThat(order).containsExactly("events", "payment tx-1");
            assertThat(batches.eventsStored()).isEqualTo(3);
            assertThat(batches.paymentsStored()).isEqualTo(1);
            assertThat(batches.pendingEvents()).isZero();
            assertThat(mapChanged).as("one map change per stored batch").hasValue(1);
        }
    }

    @Test
    void aBatchThatStoresNothingDoesNotSayTheMapChanged() {
        ImportBatches nothingNew = new ImportBatches(SITE, (websiteId, events, update) -> List.of(),
                (website, payment) -> false, new SessionRule(SessionRule.DEFAULT_IDLE_TIMEOUT), 1,
                mapChanged::incrementAndGet);
        try (nothingNew) {
            nothingNew.add(line(1, "e1", START, "v1"));
            nothingNew.add(payment("tx-1"));
            nothingNew.flush();
            nothingNew.awaitWritten();

            assertThat(nothingNew.alreadyStored()).isEqualTo(2);
            assertThat(mapChanged).hasValue(0);
        }
    }

    @Test
    void theSameEventTwiceInABatchIsStoredOnceAndCountedAsStoredBefore() {
        try (ImportBatches batches = batches(1)) {
            batches.add(line(1, "e1", START, "v1"));
            batches.add(line(2, "e1", START, "v1"));

            assertThat(batches.pendingEvents()).isEqualTo(1);
            batches.flush();
            batches.awaitWritten();

            assertThat(batches.eventsStored()).isEqualTo(1);
            assertThat(batches.alreadyStored()).isEqualTo(1);
        }
    }

    @Test
    void anEmptyBatchWritesNothing() {
        try (ImportBatches batches = batches(2)) {
            batches.flush();
            batches.awaitWritten();
        }
        assertThat(appended).isEmpty();
        assertThat(order).isEmpty();
    }

    @Test
    void splittingByVisitorKeepsEachVisitorInOnePartInTheOrderGiven() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new Event("e" + i, "w", "v" + (i % 3), "s", EventType.PAGEVIEW,
                    START.plusSeconds(i), "/", null, null, Map.of()));
        }

        List<List<Event>> two = ImportBatches.byVisitor(events, 2);

        assertThat(ImportBatches.byVisitor(events, 0)).containsExactly(events);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).size() + two.get(1).size()).isEqualTo(10);
        for (List<Event> part : two) {
            assertThat(part).isSortedAccordingTo(Comparator.comparing(Event::timestamp));
            for (Event e : part) {
                assertThat(two.stream().filter(p -> p.stream().anyMatch(o -> o.visitorId().equals(e.visitorId()))))
                        .hasSize(1);
            }
        }
    }

}
