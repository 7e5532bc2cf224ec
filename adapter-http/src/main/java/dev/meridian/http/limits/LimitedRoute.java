package dev.meridian.http.limits;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Which rate limit a request counts against, decided on its normalised path, so that no spelling of a limited
 * route escapes its limit. Micronaut's router serves {@code POST /api/events} also as {@code /api/events/} (it drops
 * one trailing slash) and with a query or an absolute URI ({@code http://host/api/events}); a proxy in front may
 * decode, collapse or resolve more. The normal form covers all of these at once: query and fragment dropped,
 * percent-escapes of ASCII decoded, {@code \} read as {@code /}, matrix parameters ({@code ;x}) dropped from each
 * segment, empty and {@code .} segments dropped, {@code ..} resolved, letters lower-cased. A spelling the router
 * does not serve is answered 404, and limiting it too costs nothing.
 */
public enum LimitedRoute {

    /** {@code /api/events}: limited per client address. */
    EVENTS,
    /** {@code /api/v1} and below: limited per credential. */
    API,
    /** Everything else (the tracking script, the map page, its assets): not limited. */
    NONE;

    static final String EVENTS_PATH = "/api/events";
    private static final String API_ROOT = "/api/v1";

    /** The route of a request path (as {@code HttpRequest.getPath()} gives it: raw, not decoded). */
    public static LimitedRoute of(String path) {
        if (EVENTS_PATH.equals(path)) {
            return EVENTS; // the tracker's own spelling, the hot path
        }
        String normal = normalised(path);
        if (normal.equals(EVENTS_PATH)) {
            return EVENTS;
        }
        if (normal.equals(API_ROOT) || normal.startsWith(API_ROOT + "/")) {
            return API;
        }
        return NONE;
    }

    /** The normal form of a path, described on the class. */
    static String normalised(String path) {
        String decoded = percentDecodedAscii(path);
        int end = decoded.length();
        int query = decoded.indexOf('?');
        int fragment = decoded.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : decoded.substring(0, end).replace('\\', '/').split("/")) {
            int matrix = raw.indexOf(';');
            String segment = (matrix >= 0 ? raw.substring(0, matrix) : raw).toLowerCase(Locale.ROOT);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }

    /** {@code %XX} escapes of ASCII characters decoded (a decoded {@code %} is not decoded again); others kept. */
    private static String percentDecodedAscii(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high >= 0 && high < 8 && low >= 0) {
                    out.append((char) (high * 16 + low));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
