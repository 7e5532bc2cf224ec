package dev.meridian.core.urls;

import dev.meridian.ports.model.VisitorDimensions;
import dev.meridian.ports.model.Website;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts belong to a website, and what a referrer is worth: a same-site referrer (the website's
 * domain, its subdomains, its allowed hostnames) is not a referrer.
 */
public final class Referrers {

    private Referrers() {
    }

    /** Whether {@code host} (lower case) is the website's domain, a subdomain of it, or an allowed hostname. */
    public static boolean belongsTo(Website website, String host) {
        String domain = website.domain();
        return host.equals(domain) || host.endsWith("." + domain) || website.allowedHostnames().contains(host);
    }

    /**
     * The referrer URL as it should be stored: empty when blank, not an http or https URL with a host
     * ({@code javascript:}, {@code data:}, {@code file:}… are client-reported noise, never stored), or same-site.
     * The text rule ({@link dev.meridian.core.rules.TextRule}) is the caller's: a referrer with a control character is
     * refused before this.
     */
    public static Optional<String> external(Website website, String referrer) {
        if (referrer == null || referrer.isBlank()) {
            return Optional.empty();
        }
        return PageUrl.webHostOf(referrer)
                .filter(host -> !belongsTo(website, host))
                .map(host -> referrer.strip());
    }

    /**
     * The conversion model's {@code referrer} value of a stored referrer URL: its host in lower case without
     * {@code www.}, or {@code (direct)} when there is none.
     */
    public static String dimension(String referrerUrl) {
        if (referrerUrl == null) {
            return VisitorDimensions.DIRECT;
        }
        return PageUrl.hostOf(referrerUrl)
                .map(host -> host.startsWith("www.") ? host.substring(4) : host)
                .map(host -> host.toLowerCase(Locale.ROOT))
                .orElse(VisitorDimensions.DIRECT);
    }
}
