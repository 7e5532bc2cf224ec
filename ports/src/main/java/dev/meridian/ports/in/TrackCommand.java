package dev.meridian.ports.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tracking request as received (API.md §3), after the HTTP adapter checked JSON types. Field rules
 * are checked by {@link TrackEvent}, which names the offending field.
 *
 * <p>Build one by name rather than by position:
 *
 * <pre>{@code
 * TrackCommand pageview = TrackCommand.pageview("https://example.com/pricing")
 *         .website(trackingId, "example.com")
 *         .visitor(visitorId, sessionId)
 *         .referrer("https://news.ycombinator.com/")
 *         .client(ip, userAgent)
 *         .build();
 * }</pre>
 *
 * @param websiteId  the website's tracking id
 * @param type       wire name of the event type
 * @param extraData  scalar values as strings, in the order sent
 * @param clientIp   the resolved client address (never a spoofable header from an untrusted peer)
 * @param userAgent  the {@code User-Agent} header, or {@code null}
 * @param viewportWidth  {@code viewport.width} as sent (a JSON number's text), or {@code null}
 * @param viewportHeight {@code viewport.height} as sent, or {@code null}
 */
public record TrackCommand(
        String websiteId,
        String domain,
        String href,
        String referrer,
        String visitorId,
        String sessionId,
        String type,
        Map<String, String> extraData,
        boolean cookieless,
        String clientIp,
        String userAgent,
        String viewportWidth,
        String viewportHeight) {

    public TrackCommand {
        extraData = extraData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraData));
    }

    /** A command without a viewport. */
    public TrackCommand(String websiteId, String domain, String href, String referrer, String visitorId,
            String sessionId, String type, Map<String, String> extraData, boolean cookieless, String clientIp,
            String userAgent) {
        this(websiteId, domain, href, referrer, visitorId, sessionId, type, extraData, cookieless, clientIp, userAgent,
                null, null);
    }

    /** A pageview of {@code href}, the page's full URL. */
    public static Builder pageview(String href) {
        return new Builder("pageview", href);
    }

    /** A custom goal ({@code type} {@code custom}) named {@code name} on the page {@code href}. */
    public static Builder goal(String name, String href) {
        return new Builder("custom", href).extra("eventName", name);
    }

    /** An event of the type named {@code type} on the wire ({@code pageview}, {@code custom}, {@code identify}…). */
    public static Builder event(String type, String href) {
        return new Builder(type, href);
    }

    /**
     * The rest of a {@link TrackCommand}: what is not set stays {@code null} (an empty {@code extraData}, not
     * cookieless). Nothing is checked here: {@link TrackEvent} checks the command as it would a request, naming the
     * field.
     */
    public static final class Builder {

        private final String type;
        private final String href;
        private String websiteId;
        private String domain;
        private String referrer;
        private String visitorId;
        private String sessionId;
        private final Map<String, String> extraData = new LinkedHashMap<>();
        private boolean cookieless;
        private String clientIp;
        private String userAgent;
        private String viewportWidth;
        private String viewportHeight;

        private Builder(String type, String href) {
            this.type = type;
            this.href = href;
        }

        /** The website, as its tracker names it: the tracking id ({@code dfid_…}) and the site's root domain. */
        public Builder website(String trackingId, String domain) {
            this.websiteId = trackingId;
            this.domain = domain;
            return this;
        }

        /** The visitor's id (a UUID v4) and session id ({@code s} + a UUID v4), as its cookies hold them. */
        public Builder visitor(String visitorId, String sessionId) {
            this.visitorId = visitorId;
            this.sessionId = sessionId;
            return this;
        }

        /** No visitor or session id: Meridian derives the visitor from a daily salt, the address and User-Agent. */
        public Builder cookieless() {
            this.cookieless = true;
            return this;
        }

        /** The page that linked here, or {@code null}. */
        public Builder referrer(String referrer) {
            this.referrer = referrer;
            return this;
        }

        /** Where the request came from: the client's address and its {@code User-Agent} header (or {@code null}). */
        public Builder client(String ip, String userAgent) {
            this.clientIp = ip;
            this.userAgent = userAgent;
            return this;
        }

        /** The browser window's size in CSS pixels, as the tracker sends it ({@code viewport}). */
        public Builder viewport(int width, int height) {
            this.viewportWidth = Integer.toString(width);
            this.viewportHeight = Integer.toString(height);
            return this;
        }

        /** One entry of {@code extraData} (a goal's parameter, an identify call's field…), after those set before. */
        public Builder extra(String key, String value) {
            extraData.put(key, value);
            return this;
        }

        /** Every entry of {@code extra}, in its order, after those set before ({@code null} adds nothing). */
        public Builder extraData(Map<String, String> extra) {
            if (extra != null) {
                extraData.putAll(extra);
            }
            return this;
        }

        public TrackCommand build() {
            return new TrackCommand(websiteId, domain, href, referrer, visitorId, sessionId, type, extraData, cookieless,
                    clientIp, userAgent, viewportWidth, viewportHeight);
        }
    }
}
