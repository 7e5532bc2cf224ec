package dev.meridian.core.tracking;

import dev.meridian.core.rules.IdRule;
import dev.meridian.core.rules.TextRule;
import dev.meridian.core.rules.ViewportRule;
import dev.meridian.core.urls.PageUrl;
import dev.meridian.core.urls.Referrers;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.EventType;
import dev.meridian.ports.model.Profile;
import dev.meridian.ports.model.Viewport;
import dev.meridian.ports.model.Website;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The fields of one tracked event after every rule of API.md §3 and §8, before anything that needs the website:
 * what {@code POST /api/events} ({@link EventTracking}) and each event line of an import ({@link HistoryImport},
 * which reads a line as the {@link TrackCommand} the API would have received) check the same way, in the same
 * order, with the same messages.
 *
 * @param visitorId  lower case; {@code null} for a cookieless event (the server derives it)
 * @param sessionId  lower case; {@code null} for a cookieless event
 * @param referrer   the referrer as sent (text checked), or {@code null}; see {@link #externalReferrer}
 */
record TrackedFields(EventType type, PageUrl page, String referrer, String visitorId, String sessionId,
        Map<String, String> extraData, UnaryOperator<Profile> profileChange, Viewport viewport) {

    /** How long a client address may be (an IPv6 address with a zone is far shorter). */
    static final int MAX_IP_LENGTH = 100;

    /** @throws InvalidInputException naming the first field that breaks a rule */
    static TrackedFields of(TrackCommand command) {
        return of(command, href -> PageUrl.parse("href", href));
    }

    /**
     * {@link #of(TrackCommand)} with the href read by {@code hrefs}, which must give what
     * {@code PageUrl.parse("href", …)} gives (an import remembers the pages it read lately: history repeats them).
     */
    static TrackedFields of(TrackCommand command, Function<String, PageUrl> hrefs) {
        TextRule.requiredLine("websiteId", command.websiteId(), TextRule.MAX_LENGTH);
        TextRule.requiredLine("domain", command.domain(), TextRule.MAX_LENGTH);
        EventType type = EventRules.type(command.type());
        PageUrl page = hrefs.apply(command.href());
        String referrer = TextRule.line("referrer", command.referrer(), PageUrl.MAX_LENGTH);
        String sessionId = command.cookieless() ? null : IdRule.sessionId("sessionId", command.sessionId());
        String visitorId = command.cookieless() ? null : IdRule.visitorId("visitorId", command.visitorId());
        IdentifyFields identify = type == EventType.IDENTIFY
                ? IdentifyFields.parse("extraData", command.extraData())
                : null;
        Map<String, String> extraData = identify != null ? identify.asExtraData() : extraData(type, command.extraData());
        UnaryOperator<Profile> profileChange = identify != null ? identify::applyTo : UnaryOperator.identity();
        TextRule.line("userAgent", command.userAgent(), Integer.MAX_VALUE);
        TextRule.line("ip", command.clientIp(), MAX_IP_LENGTH);
        Viewport viewport = ViewportRule.viewport(command.viewportWidth(), command.viewportHeight());
        return new TrackedFields(type, page, referrer, visitorId, sessionId, extraData, profileChange, viewport);
    }

    /** @throws InvalidInputException naming {@code href} when the page is not on the website */
    void requireOwnPage(Website website) {
        if (!Referrers.belongsTo(website, page.host())) {
            throw new InvalidInputException("href", "href host '" + page.host() + "' is not " + website.domain()
                    + ", a subdomain of it, or an allowed hostname");
        }
    }

    /** The referrer as stored: {@code null} unless an http(s) URL of another site ({@link Referrers#external}). */
    String externalReferrer(Website website) {
        return Referrers.external(website, referrer).orElse(null);
    }

    /** The extra data an event of {@code type} keeps, checked. */
    static Map<String, String> extraData(EventType type, Map<String, String> raw) {
        return switch (type) {
            case PAGEVIEW -> Map.of();
            case CUSTOM -> {
                Map<String, String> params = new LinkedHashMap<>(raw);
                String name = EventRules.goalName("extraData.eventName", params.remove("eventName"));
                Map<String, String> data = new LinkedHashMap<>();
                data.put("eventName", name);
                data.putAll(EventRules.goalParams("extraData", params));
                yield data;
            }
            case IDENTIFY -> throw new IllegalStateException("identify fields are parsed by IdentifyFields");
            case EXTERNAL_LINK -> {
                // the link is the event's subject: anything but an http(s) URL is refused, never stored
                Map<String, String> data = new LinkedHashMap<>();
                String url = raw.get("url");
                if (url != null) {
                    PageUrl.parse("extraData.url", url);
                }
                data.put("url", url);
                data.put("text", EventRules.boundedValue("extraData.text", raw.get("text")));
                yield data;
            }
            case PAYMENT -> {
                if (raw.size() > EventRules.MAX_PARAMS) {
                    throw new InvalidInputException("extraData", "extraData has more than "
                            + EventRules.MAX_PARAMS + " entries");
                }
                Map<String, String> data = new LinkedHashMap<>();
                raw.forEach((key, value) -> {
                    EventRules.fieldName("extraData", key);
                    data.put(key, EventRules.boundedValue("extraData." + key, value));
                });
                yield data;
            }
        };
    }
}
