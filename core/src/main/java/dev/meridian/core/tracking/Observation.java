package dev.meridian.core.tracking;

import dev.meridian.core.urls.PageUrl;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Location;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.Viewport;
import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.VisitorState;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What one event tells about its visitor, applied under the store's per-visitor lock: the visitor-state rules
 * shared by live tracking ({@link EventTracking}) and imports ({@link HistoryImport}).
 */
record Observation(EventType type, Instant at, PageUrl page, String referrer, String clientSessionId,
        Location location, SystemInfo system, DeviceDetails details, Viewport viewport,
        UnaryOperator<Profile> profileChange) {

    VisitorState firstOf(String websiteId, String visitorId) {
        boolean pageview = type == EventType.PAGEVIEW;
        return new VisitorState(websiteId, visitorId, at, at, pageview ? at : null,
                sessionIdOrNew(), at, 1,
                pageview ? page.path() : null, referrer, page.params(),
                location, system,
                pageview ? dimensions() : null,
                profileChange.apply(Profile.NONE),
                null,
                pageview ? details : null,
                pageview ? viewport : null);
    }

    VisitorState applyTo(VisitorState previous, SessionRule rule) {
        boolean pageview = type == EventType.PAGEVIEW;
        boolean newSession = rule.startsNewSession(previous, at, clientSessionId);
        boolean latest = !at.isBefore(previous.lastSeenAt());
        boolean latestPageview = pageview
                && (previous.lastPageviewAt() == null || !at.isBefore(previous.lastPageviewAt()));
        return new VisitorState(previous.websiteId(), previous.visitorId(),
                previous.firstSeenAt().isAfter(at) ? at : previous.firstSeenAt(),
                latest ? at : previous.lastSeenAt(),
                latestPageview ? at : previous.lastPageviewAt(),
                newSession ? sessionIdOrNew() : previous.sessionId(),
                newSession ? at : previous.sessionStartedAt(),
                newSession ? previous.visitCount() + 1 : previous.visitCount(),
                latestPageview ? page.path() : previous.currentUrl(),
                newSession ? referrer : previous.sessionReferrer(),
                newSession ? page.params() : previous.sessionParams(),
                latestPageview ? location : previous.location(),
                latestPageview ? system : previous.system(),
                previous.firstTouch() == null && pageview ? dimensions() : previous.firstTouch(),
                profileChange.apply(previous.profile()),
                previous.customer(),
                latestPageview ? details : previous.details(),
                latestPageview ? viewport : previous.viewport());
    }

    private String sessionIdOrNew() {
        return clientSessionId != null ? clientSessionId : "s" + UUID.randomUUID();
    }

    private VisitorDimensions dimensions() {
        return new VisitorDimensions(system.deviceType(), system.os(), system.browser(), location.countryCode(),
                Referrers.dimension(referrer));
    }
}
