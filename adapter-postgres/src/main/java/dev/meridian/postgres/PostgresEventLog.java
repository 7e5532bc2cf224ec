package dev.meridian.postgres;

import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.VisitorUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The event log on PostgreSQL: appends go through group commit, reads hit the time partitions. */
public final class PostgresEventLog implements EventLog {

    private final Database database;
    private final GroupCommitWriter writer;

    PostgresEventLog(Database database, GroupCommitWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    @Override
    public VisitorState append(Event event, VisitorUpdate update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(update, "update");
        return writer.append(event, update);
    }

    @Override
    public CompletionStage<VisitorState> appendAsync(Event event, VisitorUpdate update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(update, "update");
        return writer.appendAsync(event, update);
    }

    @Override
    public List<Event> recentEvents(String websiteId, Instant since, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read("reading recent events", c -> EventRows.recent(c, websiteId, since, limit));
    }
}
