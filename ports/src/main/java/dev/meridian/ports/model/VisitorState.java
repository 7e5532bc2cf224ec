package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The live state of one visitor of one website: what the realtime map shows and the conversion model
 * learns from.
 *
 * @param firstSeenAt     time of the visitor's first event
 * @param lastSeenAt      time of the visitor's latest event of any type (drives the session rule)
 * @param lastPageviewAt  time of the latest pageview, or {@code null} before the first one
 * @param sessionId       the current session's id ({@code s} + UUID v4)
 * @param sessionStartedAt first event of the current session
 * @param visitCount      sessions so far, the current one included
 * @param currentUrl      path (with query) of the latest pageview, or {@code null} before the first one
 * @param sessionReferrer referrer URL of the current session's first pageview, or {@code null}
 * @param sessionParams   campaign parameters of the current session's landing URL
 * @param location        from the latest pageview's IP address
 * @param system          from the latest pageview's User-Agent
 * @param firstTouch      dimensions of the first pageview, for the conversion model; {@code null} before it
 * @param profile         what identify said; {@link Profile#NONE} when never identified
 * @param customer        what payments said; {@link CustomerInfo#NONE} when none
 * @param details         versions, device maker and model from the latest pageview's User-Agent
 * @param viewport        the latest pageview's viewport as sent; {@link Viewport#UNKNOWN} when not sent
 */
public record VisitorState(
        String websiteId,
        String visitorId,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant lastPageviewAt,
        String sessionId,
        Instant sessionStartedAt,
        int visitCount,
        String currentUrl,
        String sessionReferrer,
        TrackingParams sessionParams,
        Location location,
        SystemInfo system,
        VisitorDimensions firstTouch,
        Profile profile,
        CustomerInfo customer,
        DeviceDetails details,
        Viewport viewport) {

    public VisitorState {
        Objects.requireNonNull(websiteId, "websiteId");
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(sessionStartedAt, "sessionStartedAt");
        sessionParams = sessionParams == null ? TrackingParams.NONE : sessionParams;
        location = location == null ? Location.UNKNOWN : location;
        system = system == null ? SystemInfo.UNKNOWN : system;
        profile = profile == null ? Profile.NONE : profile;
        customer = customer == null ? CustomerInfo.NONE : customer;
        details = details == null ? DeviceDetails.UNKNOWN : details;
        viewport = viewport == null ? Viewport.UNKNOWN : viewport;
    }

    /** A state without the User-Agent's details and the viewport (both unknown). */
    public VisitorState(String websiteId, String visitorId, Instant firstSeenAt, Instant lastSeenAt,
            Instant lastPageviewAt, String sessionId, Instant sessionStartedAt, int visitCount, String currentUrl,
            String sessionReferrer, TrackingParams sessionParams, Location location, SystemInfo system,
            VisitorDimensions firstTouch, Profile profile, CustomerInfo customer) {
        this(websiteId, visitorId, firstSeenAt, lastSeenAt, lastPageviewAt, sessionId, sessionStartedAt, visitCount,
                currentUrl, sessionReferrer, sessionParams, location, system, firstTouch, profile, customer, null, null);
    }

    public boolean hasPageview() {
        return lastPageviewAt != null;
    }

    public VisitorState withProfile(Profile newProfile) {
        return new VisitorState(websiteId, visitorId, firstSeenAt, lastSeenAt, lastPageviewAt, sessionId,
                sessionStartedAt, visitCount, currentUrl, sessionReferrer, sessionParams, location, system,
                firstTouch, newProfile, customer, details, viewport);
    }

    public VisitorState withCustomer(CustomerInfo newCustomer) {
        return new VisitorState(websiteId, visitorId, firstSeenAt, lastSeenAt, lastPageviewAt, sessionId,
                sessionStartedAt, visitCount, currentUrl, sessionReferrer, sessionParams, location, system,
                firstTouch, profile, newCustomer, details, viewport);
    }
}
