package dev.meridian.ports.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One visitor on the realtime map (API.md §2, {@code data.visitors[]}).
 *
 * @param referrer              referrer URL of the current session's first pageview, or {@code null}
 * @param customerName          latest non-empty name on the visitor's payments, or {@code null}
 * @param customerEmail         latest non-empty email on the visitor's payments, or {@code null}
 * @param conversionLikelihood  {@code null} when the website has no conversion model
 */
public record ActiveVisitor(
        String visitorId,
        Location location,
        SystemInfo system,
        String currentUrl,
        String referrer,
        Instant sessionStartTime,
        int visitCount,
        TrackingParams params,
        boolean isCustomer,
        String customerName,
        String customerEmail,
        ProfileData profileData,
        ConversionLikelihood conversionLikelihood) {

    public ActiveVisitor {
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(profileData, "profileData");
    }
}
