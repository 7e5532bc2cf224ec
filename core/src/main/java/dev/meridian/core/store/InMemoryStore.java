package dev.meridian.core.store;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Event;
import dev.meridian.ports.model.Payment;
import dev.meridian.ports.model.RobotCount;
import dev.meridian.ports.model.RobotDay;
import dev.meridian.ports.model.SegmentCount;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.ConversionHistory;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.EventLog;
import dev.meridian.ports.out.ImportSink;
import dev.meridian.ports.out.Payments;
import dev.meridian.ports.out.RobotCounts;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.VisitorUpdate;
import dev.meridian.ports.out.Visitors;
import dev.meridian.ports.out.Websites;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * Every storage port in memory: the reference adapter for embedding Meridian and for tests.
 *
 * <p>Thread-safe. Writes of one visitor are serialised (its entry is held while an update applies), so
 * concurrent events never lose an update. An import holds its website's live writes back while it runs, so it stores
 * its whole batch or, when an update throws, nothing. Active visitors are found through an index on the last
 * pageview, so the realtime map's cost grows with the active visitors, not with the whole history.
 * Nothing survives the process.
 */
public final class InMemoryStore implements Storage, EventLog, ImportSink, Visitors, Payments, ConversionHistory,
        Websites, Credentials, RobotCounts {

    private static final Comparator<VisitorState> NEWEST_PAGEVIEW_FIRST =
            Comparator.comparing(VisitorState::lastPageviewAt).reversed().thenComparing(VisitorState::visitorId);
    private static final Comparator<VisitorState> NEWEST_ACTIVITY_FIRST =
            Comparator.comparing(VisitorState::lastSeenAt).reversed().thenComparing(VisitorState::visitorId);

    private final ConcurrentMap<String, Site> sites = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Website> websitesById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> websiteIdByTrackingId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ApiKey> apiKeys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AccountToken> accountTokens = new ConcurrentHashMap<>();
    private final InMemoryRobotCounts robotCounts = new InMemoryRobotCounts();

    /** Everything stored for one website. */
    private static final class Site {
        final ConcurrentMap<String, VisitorState> visitors = new ConcurrentHashMap<>();
        /** (lastPageviewAt, visitorId) of every visitor with a pageview. */
        final ConcurrentSkipListSet<TimeKey> byLastPageview = new ConcurrentSkipListSet<>();
        final ConcurrentSkipListMap<TimeKey, Event> events = new ConcurrentSkipListMap<>();
        final ConcurrentMap<String, Payment> paymentsByTransaction = new ConcurrentHashMap<>();
        final ConcurrentSkipListMap<TimeKey, Payment> paymentsByTime = new ConcurrentSkipListMap<>();
        /** visitor id → its attributed payments by time. */
        final ConcurrentMap<String, ConcurrentSkipListMap<TimeKey, Payment>> paymentsByVisitor =
                new ConcurrentHashMap<>();
        /** lower-cased profile email → visitor ids whose profile has it. */
        final ConcurrentMap<String, Set<String>> visitorsByProfileEmail = new ConcurrentHashMap<>();
        /**
         * Live writes of a visitor ({@code append}, {@code update}) hold the read lock, so they run side by side, each
         * holding its visitor's entry; an import holds the write lock, so no live write lands between computing its
         * updates and storing them (all of them, or none when one throws), and two imports of the same lines store
         * them once.
         */
        final ReadWriteLock writes = new ReentrantReadWriteLock();
    }

    /** Orders by time, then by id, so equal timestamps stay distinct and stable. */
    private record TimeKey(Instant at, String id) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }

        static TimeKey earliestAt(Instant at) {
            return new TimeKey(at, "");
        }
    }

    // ---------------------------------------------------------------- Storage

    @Override
    public EventLog eventLog() {
        return this;
    }

    @Override
    public Visitors visitors() {
        return this;
    }

    @Override
    public Payments payments() {
        return this;
    }

    @Override
    public ConversionHistory conversionHistory() {
        return this;
    }

    @Override
    public Websites websites() {
        return this;
    }

    @Override
    public Credentials credentials() {
        return this;
    }

    @Override
    public Optional<ImportSink> importSink() {
        return Optional.of(this);
    }

    @Override
    public Optional<RobotCounts> robotCounts() {
        return Optional.of(this);
    }

    private Site site(String websiteId) {
        return sites.computeIfAbsent(websiteId, id -> new Site());
    }

    // ---------------------------------------------------------------- EventLog

    @Override
    public VisitorState append(Event event, VisitorUpdate update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(update, "update");
        Site site = site(event.websiteId());
        Lock live = site.writes.readLock();
        live.lock();
        try {
            return site.visitors.compute(event.visitorId(), (visitorId, current) -> {
                VisitorState next = checkedUpdate(update.apply(Optional.ofNullable(current)), event.websiteId(),
                        visitorId);
                reindex(site, current, next);
                site.events.put(new TimeKey(event.timestamp(), event.id()), event);
                return next;
            });
        } finally {
            live.unlock();
        }
    }

    @Override
    public List<Event> recentEvents(String websiteId, Instant since, int limit) {
        Site site = sites.get(websiteId);
        if (site == null || limit <= 0) {
            return List.of();
        }
        List<Event> result = new ArrayList<>(Math.min(limit, 128));
        for (Event event : site.events.tailMap(TimeKey.earliestAt(since), true).descendingMap().values()) {
            result.add(event);
            if (result.size() == limit) {
                break;
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- ImportSink

    @Override
    public List<Event> appendAll(String websiteId, List<Event> events, ImportedVisitorUpdate update) {
        Objects.requireNonNull(update, "update");
        Site site = site(websiteId);
        Lock exclusive = site.writes.writeLock();
        exclusive.lock();
        try {
            Map<String, List<Event>> newByVisitor = new LinkedHashMap<>();
            List<Event> stored = new ArrayList<>();
            for (Event event : events) {
                if (!event.websiteId().equals(websiteId)) {
                    throw new IllegalArgumentException("event " + event.id() + " is not of website " + websiteId);
                }
                if (!site.events.containsKey(new TimeKey(event.timestamp(), event.id()))) {
                    newByVisitor.computeIfAbsent(event.visitorId(), v -> new ArrayList<>()).add(event);
                    stored.add(event);
                }
            }
            // every update first, so one that throws leaves everything as it was; no live write lands meanwhile
            Map<String, VisitorState> before = new LinkedHashMap<>();
            Map<String, VisitorState> after = new LinkedHashMap<>();
            newByVisitor.forEach((visitorId, own) -> {
                VisitorState current = site.visitors.get(visitorId);
                before.put(visitorId, current);
                after.put(visitorId, checkedUpdate(update.apply(Optional.ofNullable(current), List.copyOf(own)),
                        websiteId, visitorId));
            });
            before.forEach((visitorId, state) -> {
                // only this thread can write now: an update that wrote to the store itself
                if (site.visitors.get(visitorId) != state) {
                    throw new IllegalStateException("visitor " + visitorId + " changed while its import's update ran;"
                            + " an update may not write to the store");
                }
            });
            newByVisitor.forEach((visitorId, own) -> {
                VisitorState next = after.get(visitorId);
                site.visitors.put(visitorId, next);
                reindex(site, before.get(visitorId), next);
                for (Event event : own) {
                    site.events.put(new TimeKey(event.timestamp(), event.id()), event);
                }
            });
            return stored;
        } finally {
            exclusive.unlock();
        }
    }

    // ---------------------------------------------------------------- Visitors

    @Override
    public Optional<VisitorState> find(String websiteId, String visitorId) {
        Site site = sites.get(websiteId);
        return site == null ? Optional.empty() : Optional.ofNullable(site.visitors.get(visitorId));
    }

    @Override
    public Active active(String websiteId, Instant since, int limit) {
        Site site = sites.get(websiteId);
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
        Site site = sites.get(websiteId);
        if (site == null) {
            return Optional.empty();
        }
        Lock live = site.writes.readLock();
        live.lock();
        try {
            return Optional.ofNullable(site.visitors.computeIfPresent(visitorId, (id, current) -> {
                VisitorState next = checkedUpdate(change.apply(current), websiteId, id);
                reindex(site, current, next);
                return next;
            }));
        } finally {
            live.unlock();
        }
    }

    private static VisitorState checkedUpdate(VisitorState next, String websiteId, String visitorId) {
        Objects.requireNonNull(next, "an update must return a state");
        if (!next.websiteId().equals(websiteId) || !next.visitorId().equals(visitorId)) {
            throw new IllegalArgumentException("an update may not move a visitor to another website or id");
        }
        return next;
    }

    private static void reindex(Site site, VisitorState current, VisitorState next) {
        reindexProfileEmail(site, current, next);
        Instant before = current == null ? null : current.lastPageviewAt();
        Instant after = next.lastPageviewAt();
        if (Objects.equals(before, after)) {
            return;
        }
        if (after != null) {
            site.byLastPageview.add(new TimeKey(after, next.visitorId()));
        }
        if (before != null) {
            site.byLastPageview.remove(new TimeKey(before, next.visitorId()));
        }
    }

    private static void reindexProfileEmail(Site site, VisitorState current, VisitorState next) {
        String before = current == null ? null : profileEmail(current);
        String after = profileEmail(next);
        if (Objects.equals(before, after)) {
            return;
        }
        if (after != null) {
            site.visitorsByProfileEmail.computeIfAbsent(after, e -> ConcurrentHashMap.newKeySet()).add(next.visitorId());
        }
        if (before != null) {
            site.visitorsByProfileEmail.computeIfPresent(before, (e, ids) -> {
                ids.remove(next.visitorId());
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    private static String profileEmail(VisitorState state) {
        String email = state.profile().fields().get("email");
        return email == null || email.isBlank() ? null : email.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<VisitorState> latestWithProfileEmail(String websiteId, String email) {
        Site site = sites.get(websiteId);
        if (site == null || email == null) {
            return Optional.empty();
        }
        String wanted = email.toLowerCase(Locale.ROOT);
        Set<String> ids = site.visitorsByProfileEmail.getOrDefault(wanted, Set.of());
        return ids.stream()
                .map(site.visitors::get)
                // the index may briefly lag a concurrent write: the state itself decides
                .filter(state -> state != null && wanted.equals(profileEmail(state)))
                .min(NEWEST_ACTIVITY_FIRST);
    }

    // ---------------------------------------------------------------- Payments

    @Override
    public boolean record(Payment payment) {
        Site site = site(payment.websiteId());
        boolean[] stored = new boolean[1];
        // the entry of the transaction id is held while the time and visitor indexes change
        site.paymentsByTransaction.compute(payment.transactionId(), (tx, existing) -> {
            if (existing != null) {
                return existing;
            }
            index(site, payment);
            stored[0] = true;
            return payment;
        });
        return stored[0];
    }

    private static void index(Site site, Payment payment) {
        TimeKey key = new TimeKey(payment.timestamp(), payment.id());
        site.paymentsByTime.put(key, payment);
        if (payment.visitorId() != null) {
            site.paymentsByVisitor.computeIfAbsent(payment.visitorId(), v -> new ConcurrentSkipListMap<>())
                    .put(key, payment);
        }
    }

    @Override
    public Optional<Payment> byTransactionId(String websiteId, String transactionId) {
        Site site = sites.get(websiteId);
        return site == null ? Optional.empty() : Optional.ofNullable(site.paymentsByTransaction.get(transactionId));
    }

    @Override
    public boolean markRefunded(String websiteId, String transactionId) {
        Site site = sites.get(websiteId);
        if (site == null) {
            return false;
        }
        boolean[] changed = new boolean[1];
        site.paymentsByTransaction.computeIfPresent(transactionId, (tx, existing) -> {
            if (existing.refunded()) {
                return existing;
            }
            Payment refunded = new Payment(existing.id(), existing.websiteId(), existing.transactionId(),
                    existing.amount(), existing.currency(), existing.timestamp(), existing.visitorId(), existing.email(),
                    existing.name(), existing.customerId(), existing.renewal(), true);
            index(site, refunded);
            changed[0] = true;
            return refunded;
        });
        return changed[0];
    }

    @Override
    public List<Payment> ofVisitor(String websiteId, String visitorId) {
        Site site = sites.get(websiteId);
        if (site == null) {
            return List.of();
        }
        NavigableMap<TimeKey, Payment> payments = site.paymentsByVisitor.get(visitorId);
        return payments == null ? List.of() : List.copyOf(payments.values());
    }

    @Override
    public List<Payment> recentPayments(String websiteId, Instant since, int limit) {
        Site site = sites.get(websiteId);
        if (site == null || limit <= 0) {
            return List.of();
        }
        NavigableMap<TimeKey, Payment> window = site.paymentsByTime.tailMap(TimeKey.earliestAt(since), true);
        List<Payment> result = new ArrayList<>();
        for (Payment payment : window.descendingMap().values()) {
            if (!payment.refunded()) {
                result.add(payment);
                if (result.size() == limit) {
                    break;
                }
            }
        }
        return result;
    }

    @Override
    public boolean hasEarlierOfSameCustomer(Payment payment) {
        Site site = sites.get(payment.websiteId());
        if (site == null || (payment.visitorId() == null && payment.email() == null)) {
            return false;
        }
        TimeKey own = new TimeKey(payment.timestamp(), payment.id());
        if (payment.visitorId() != null) {
            NavigableMap<TimeKey, Payment> ofVisitor = site.paymentsByVisitor.get(payment.visitorId());
            return ofVisitor != null && ofVisitor.lowerKey(own) != null;
        }
        for (Payment earlier : site.paymentsByTime.headMap(own, false).values()) {
            if (earlier.email() != null && payment.email().equalsIgnoreCase(earlier.email())) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- ConversionHistory

    @Override
    public List<SegmentCount> segments(String websiteId, Instant from, Instant to) {
        Site site = sites.get(websiteId);
        if (site == null) {
            return List.of();
        }
        Map<VisitorDimensions, long[]> counts = new LinkedHashMap<>();
        Map<VisitorDimensions, BigDecimal> revenue = new LinkedHashMap<>();
        for (VisitorState visitor : site.visitors.values()) {
            VisitorDimensions dims = visitor.firstTouch();
            if (dims == null || visitor.firstSeenAt().isBefore(from) || !visitor.firstSeenAt().isBefore(to)) {
                continue;
            }
            long[] row = counts.computeIfAbsent(dims, d -> new long[2]);
            row[0]++;
            if (visitor.customer().customer()) {
                row[1]++;
                revenue.merge(dims, visitor.customer().revenue(), BigDecimal::add);
            }
        }
        List<SegmentCount> rows = new ArrayList<>(counts.size());
        counts.forEach((dims, row) -> rows.add(new SegmentCount(dims, row[0], row[1],
                revenue.getOrDefault(dims, BigDecimal.ZERO).doubleValue())));
        return rows;
    }

    // ---------------------------------------------------------------- Websites

    @Override
    public void save(Website website) {
        Website previous = websitesById.put(website.id(), website);
        if (previous != null && !previous.trackingId().equals(website.trackingId())) {
            websiteIdByTrackingId.remove(previous.trackingId(), previous.id());
        }
        websiteIdByTrackingId.put(website.trackingId(), website.id());
    }

    @Override
    public Optional<Website> byId(String id) {
        return Optional.ofNullable(websitesById.get(id));
    }

    @Override
    public Optional<Website> byTrackingId(String trackingId) {
        String id = websiteIdByTrackingId.get(trackingId);
        return id == null ? Optional.empty() : byId(id);
    }

    @Override
    public List<Website> all() {
        return websitesById.values().stream()
                .sorted(Comparator.comparing(Website::createdAt).thenComparing(Website::id))
                .toList();
    }

    // ---------------------------------------------------------------- Credentials

    @Override
    public void saveApiKey(ApiKey key) {
        apiKeys.put(key.hash(), key);
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return Optional.ofNullable(apiKeys.get(hash));
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return apiKeys.values().stream()
                .filter(key -> key.websiteId().equals(websiteId))
                .sorted(Comparator.comparing(ApiKey::createdAt)
                        .thenComparing(ApiKey::id, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        boolean deleted = false;
        for (ApiKey key : apiKeys.values()) {
            if (key.websiteId().equals(websiteId) && keyId.equals(key.id())) {
                deleted |= apiKeys.remove(key.hash(), key);
            }
        }
        return deleted;
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        synchronized (accountTokens) {
            accountTokens.put(token.hash(), withId(token));
        }
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return Optional.ofNullable(accountTokens.get(hash));
    }

    @Override
    public boolean hasAccountTokens() {
        return !accountTokens.isEmpty();
    }

    @Override
    public List<AccountToken> accountTokens() {
        return accountTokens.values().stream()
                .sorted(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id))
                .toList();
    }

    @Override
    public Optional<AccountToken> accountTokenById(String tokenId) {
        return accountTokens.values().stream().filter(token -> token.id().equals(tokenId)).findFirst();
    }

    @Override
    public boolean saveFirstAccountToken(AccountToken token) {
        synchronized (accountTokens) {
            if (!accountTokens.isEmpty()) {
                return false;
            }
            accountTokens.put(token.hash(), withId(token));
            return true;
        }
    }

    @Override
    public List<AccountToken> replaceAdminToken(AccountToken token) {
        synchronized (accountTokens) {
            List<AccountToken> replaced = accountTokens.values().stream()
                    .filter(stored -> stored.adminToken() && !stored.hash().equals(token.hash()))
                    .sorted(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id))
                    .toList();
            replaced.forEach(stored -> accountTokens.remove(stored.hash()));
            AccountToken kept = accountTokens.get(token.hash());
            accountTokens.put(token.hash(), kept == null ? withId(token)
                    : new AccountToken(kept.hash(), token.permissions(), token.websiteIds(), kept.createdAt(), kept.id(),
                            kept.prefix() != null ? kept.prefix() : token.prefix(), true));
            return replaced;
        }
    }

    @Override
    public TokenDeletion deleteAccountToken(String tokenId) {
        synchronized (accountTokens) {
            Optional<AccountToken> token = accountTokenById(tokenId);
            if (token.isEmpty()) {
                return TokenDeletion.NOT_FOUND;
            }
            if (token.get().hasFullAccess() && accountTokens.values().stream()
                    .noneMatch(other -> other.hasFullAccess() && !other.hash().equals(token.get().hash()))) {
                return TokenDeletion.LAST_FULL_ACCESS;
            }
            accountTokens.remove(token.get().hash());
            return TokenDeletion.DELETED;
        }
    }

    /** The token, with a random id (24 hex digits, as the other ids) when it has none. */
    private static AccountToken withId(AccountToken token) {
        if (token.id() != null) {
            return token;
        }
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return token.withId(HexFormat.of().formatHex(id));
    }

    @Override
    public void add(Map<RobotDay, Long> counts) {
        robotCounts.add(counts);
    }

    @Override
    public RobotCount count(String websiteId, LocalDate today) {
        return robotCounts.count(websiteId, today);
    }
}
