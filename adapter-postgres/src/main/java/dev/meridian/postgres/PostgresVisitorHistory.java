package dev.meridian.postgres;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.StoredJourney;
import dev.meridian.ports.model.VisitorPage;
import dev.meridian.ports.model.VisitorQuery;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.VisitorHistory;
import java.util.List;
import java.util.Optional;

/**
 * The visitors API's reads on PostgreSQL: the visitor's row ({@link VisitorRows}, where every read of the
 * {@code visitors} table is written), its events through the {@code events_visitor} index of V8
 * ({@link EventRows}), its payments ({@link PostgresPayments}), on one connection.
 */
final class PostgresVisitorHistory implements VisitorHistory {

    private final Database database;

    PostgresVisitorHistory(Database database) {
        this.database = database;
    }

    @Override
    public Optional<StoredJourney> journey(String websiteId, String visitorId, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
        return database.read("reading a visitor's journey", c -> {
            Optional<VisitorState> visitor = VisitorRows.find(c, websiteId, visitorId);
            if (visitor.isEmpty() || !visitor.get().hasPageview()) {
                return Optional.empty();
            }
            Event firstPageview = EventRows.firstPageviewOf(c, websiteId, visitorId);
            if (firstPageview == null) {
                return Optional.empty();
            }
            List<Event> events = EventRows.journeyOf(c, websiteId, visitorId, maxEvents);
            EventRows.VisitorTotals totals = EventRows.totalsOf(c, websiteId, visitorId);
            List<Payment> payments = PostgresPayments.ofVisitors(c, websiteId, List.of(visitorId)).get(visitorId);
            return Optional.of(new StoredJourney(visitor.get(), events, totals.pageviews(), firstPageview,
                    totals.lastIdentifiedAt(), payments));
        });
    }

    @Override
    public VisitorPage list(VisitorQuery query) {
        return database.read("listing visitors", c -> VisitorRows.page(c, query));
    }
}
