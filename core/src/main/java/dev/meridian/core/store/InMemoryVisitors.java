package dev.meridian.core.store;

import dev.meridian.core.store.Sites.Site;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.out.Visitors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.UnaryOperator;

/**
 * The visitors of the {@link InMemoryStore}. Active visitors are found through an index on the last pageview, so the
 * realtime map's cost grows with the active visitors, not with the whole history.
 */
final class InMemoryVisitors implements Visitors {

    private static final Comparator<VisitorState> NEWEST_PAGEVIEW_FIRST =
            Comparator.comparing(VisitorState::lastPageviewAt).reversed().thenComparing(VisitorState::visitorId);
    private static final Comparator<VisitorState> NEWEST_ACTIVITY_FIRST =
            Comparator.comparing(VisitorState::lastSeenAt).reversed().thenComparing(VisitorState::visitorId);

    private final Sites sites;

    InMemoryVisitors(Sites sites) {
        this.sites = sites;
    }

    @Override
    public Optional<VisitorState> find(String websiteId, String visitorId) {
        Site site = sites.existing(websiteId);
        return site == null ? Optional.empty() : Optional.ofNullable(site.visitors.get(visitorId));
    }

    @Override
    public Active active(String websiteId, Instant since, int limit) {
        Site site = sites.existing(websiteId);
        if (site == null) {
            return new Active(0, List.of());
        }
        int count = 0;
        List<VisitorState> latest = new ArrayList<>();
        Instant lastListed = null;
        for (TimeKey key : site.byLastPageview.tailSet(TimeKey.earliestAt(since), true).descendingSet()) {
            VisitorState state = site.visitors.get(key.id());
            // the index may briefly lag a concurrent write: the state itself decides
            if (state == null || state.lastPageviewAt() == null || state.lastPageviewAt().isBefore(since)
                    || !state.lastPageviewAt().equals(key.at())) {
                continue;
            }
            count++;
            // past the limit, visitors tied with the last one listed still compete for its place (ties by id)
            if (latest.size() < limit || state.lastPageviewAt().equals(lastListed)) {
                latest.add(state);
                lastListed = state.lastPageviewAt();
            }
        }
        latest.sort(NEWEST_PAGEVIEW_FIRST);
        return new Active(count, latest.subList(0, Math.min(limit, latest.size())));
    }

    @Override
    public Optional<VisitorState> update(String websiteId, String visitorId, UnaryOperator<VisitorState> change) {
        Site site = sites.existing(websiteId);
        if (site == null) {
            return Optional.empty();
        }
        Lock live = site.writes.readLock();
        live.lock();
        try {
            return Optional.ofNullable(site.visitors.computeIfPresent(visitorId, (id, current) -> {
                VisitorState next = Sites.checkedUpdate(change.apply(current), websiteId, id);
                site.reindex(current, next);
                return next;
            }));
        } finally {
            live.unlock();
        }
    }

    @Override
    public Optional<VisitorState> latestWithProfileEmail(String websiteId, String email) {
        Site site = sites.existing(websiteId);
        if (site == null || email == null) {
            return Optional.empty();
        }
        String wanted = email.toLowerCase(Locale.ROOT);
        Set<String> ids = site.visitorsByProfileEmail.getOrDefault(wanted, Set.of());
        return ids.stream()
                .map(site.visitors::get)
                // the index may briefly lag a concurrent write: the state itself decides
                .filter(state -> state != null && wanted.equals(Sites.profileEmail(state)))
                .min(NEWEST_ACTIVITY_FIRST);
    }
}
