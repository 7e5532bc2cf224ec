package dev.meridian.core.urls;

import dev.meridian.core.rules.TextRule;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.model.TrackingParams;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An http(s) URL as the tracker reports it: its host, the path with query the map shows, and the campaign
 * parameters of its query string.
 *
 * <p>The URL itself is text ({@link TextRule}: no control character, at most 2,048 characters) and stays as sent,
 * percent-encoding included. Only the campaign parameters are decoded; a parameter whose value does not decode (a
 * malformed {@code %} sequence) or decodes to text {@link TextRule} refuses ({@code ?utm_source=%00x}) is left out,
 * as if absent: the page view itself is fine, its campaign value is noise that must not reach storage.
 */
public record PageUrl(String host, String path, TrackingParams params) {

    public static final int MAX_LENGTH = 2048;

    /**
     * @param field the wire name used in error messages
     * @throws InvalidInputException naming {@code field} when the value is not an absolute http(s) URL of at
     *     most 2,048 characters
     */
    public static PageUrl parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        TextRule.line(field, value, MAX_LENGTH);
        URI uri = toUri(value).orElseThrow(
                () -> new InvalidInputException(field, field + " is not a valid URL"));
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException(field, field + " must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInputException(field, field + " has no host");
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
        return new PageUrl(uri.getHost().toLowerCase(Locale.ROOT), path, campaignParams(uri.getRawQuery()));
    }

    /** The lower-case host of a URL, or empty when it is not a URL with a host. */
    static Optional<String> hostOf(String url) {
        return toUri(url).map(URI::getHost).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT));
    }

    /** The lower-case host of an http or https URL, or empty when it is another kind of URL or none. */
    static Optional<String> webHostOf(String url) {
        return toUri(url).filter(PageUrl::isWeb).map(URI::getHost).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT));
    }

    private static boolean isWeb(URI uri) {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    }

    private static Optional<URI> toUri(String value) {
        try {
            return Optional.of(new URI(value.strip()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The campaign parameters of a stored page path ({@code /pricing?utm_source=x}: path and raw query string, as
     * {@link #path()} keeps it), decoded as when the page was tracked.
     */
    public static TrackingParams campaignParamsOfPath(String path) {
        return campaignParams(rawQueryOf(path));
    }

    /**
     * The decoded values of the query parameters {@code names} of a stored page path, in the order of {@code names};
     * a parameter absent, empty or whose value does not decode to clean text is left out.
     */
    public static Map<String, String> parametersOfPath(String path, List<String> names) {
        Map<String, String> query = query(rawQueryOf(path));
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : names) {
            String value = query.get(name);
            if (value != null) {
                found.put(name, value);
            }
        }
        return found;
    }

    /** The raw query string of a stored page path, or {@code null} when it has none. */
    public static String rawQueryOf(String path) {
        if (path == null) {
            return null;
        }
        int question = path.indexOf('?');
        return question < 0 ? null : path.substring(question + 1);
    }

    /** A stored page path without its query string. */
    public static String withoutQuery(String path) {
        if (path == null) {
            return null;
        }
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }

    static TrackingParams campaignParams(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return TrackingParams.NONE;
        }
        Map<String, String> query = query(rawQuery);
        return new TrackingParams(query.get("ref"), query.get("source"), query.get("via"), query.get("utm_source"),
                query.get("utm_medium"), query.get("utm_campaign"), query.get("utm_content"), query.get("utm_term"));
    }

    /** The decoded parameters of a raw query string with a non-empty value, the first of each name. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key != null && value != null && !value.isEmpty()) {
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }

    /** The decoded text, or {@code null} when it does not decode or decodes to text that breaks {@link TextRule}. */
    private static String decode(String part) {
        String decoded;
        try {
            decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return TextRule.isClean(decoded) ? decoded : null;
    }
}
