package dev.meridian.http.tracking;

import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.JsonObjectBody.Kind;
import dev.meridian.ports.in.TrackCommand;
import java.util.Map;

/**
 * The body of {@code POST /api/events} as the tracker script and the {@code datafast} SDK send it
 * (API.md §3). Only JSON types are checked here; the field rules are the {@code TrackEvent} use case's.
 * {@code viewport}'s {@code width} and {@code height} go to the use case (which checks them); the optional fields
 * core does not use ({@code screenWidth}, …) are type-checked and dropped; unknown fields are ignored.
 */
final class TrackPayload {

    private TrackPayload() {
    }

    /** @throws dev.meridian.ports.error.InvalidInputException a known field of the wrong JSON type, named */
    static TrackCommand toCommand(JsonObjectBody body, String clientIp, String userAgent) {
        Map<String, String> viewport = body.scalarMap("viewport");
        body.checkType("screenWidth", Kind.NUMBER);
        body.checkType("screenHeight", Kind.NUMBER);
        body.checkType("language", Kind.STRING);
        body.checkType("timezone", Kind.STRING);
        body.checkType("adClickIds", Kind.OBJECT);
        body.checkType("visitorFirstSeenAt", Kind.STRING, Kind.NUMBER);
        body.checkType("visitorSessionNumber", Kind.NUMBER);
        body.checkType("device", Kind.OBJECT);
        return new TrackCommand(
                body.optionalString("websiteId"),
                body.optionalString("domain"),
                body.optionalString("href"),
                body.optionalString("referrer"),
                body.optionalString("visitorId"),
                body.optionalString("sessionId"),
                body.optionalString("type"),
                body.scalarMap("extraData"),
                body.optionalBoolean("cookieless", false),
                clientIp,
                userAgent,
                viewport.get("width"),
                viewport.get("height"));
    }
}
