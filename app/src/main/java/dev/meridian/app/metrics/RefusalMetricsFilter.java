package dev.meridian.app.metrics;

import dev.meridian.ports.error.InvalidInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@value #REFUSALS}{route, status, field}: every answer with a status of 400 or more, by the route's template
 * ({@code /api/v1/admin/websites/{websiteId}/api-keys}, {@code unmatched} when no route matches), the HTTP status,
 * and for a 400 naming a field, that field's top-level wire name ({@code none} otherwise). Labels stay bounded:
 * routes and statuses come from the code, and a field name outside {@link #FIELDS} (a client's own
 * {@code extraData} or metadata key) counts as {@code other}; no website id or message is ever a label.
 *
 * <p>First in the chain, so it also sees refusals of other filters (413, 429, CORS). Successful answers cost one
 * comparison; a counter is made once per label set and kept.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
public class RefusalMetricsFilter implements Ordered {

    static final String REFUSALS = "meridian.http.refusals";
    static final String UNMATCHED = "unmatched";
    static final String NO_FIELD = "none";
    static final String OTHER_FIELD = "other";
    private static final String COUNTED = "meridian.refusal-counted";

    /** Wire names of the fields of API.md's requests and import lines. */
    static final Set<String> FIELDS = Set.of(
            "websiteId", "website_id", "domain", "href", "referrer", "visitorId", "sessionId", "type", "extraData",
            "cookieless", "viewport", "screenWidth", "screenHeight", "language", "timezone", "adClickIds",
            "visitorFirstSeenAt", "visitorSessionNumber", "device", "datafast_visitor_id", "name", "description",
            "metadata", "user_id", "image", "amount", "currency", "transaction_id", "email", "customer_email",
            "customer_name", "customer_id", "renewal", "refunded", "timestamp", "limit", "body", "countryCode",
            "region", "city", "latitude", "longitude", "browser", "os", "ip", "userAgent", "keyId");

    private final MeterRegistry registry;
    private final Router router;
    private final ConcurrentMap<Labels, Counter> counters = new ConcurrentHashMap<>();

    public RefusalMetricsFilter(MeterRegistry registry, Router router) {
        this.registry = registry;
        this.router = router;
    }

    /** Answers of routes, and of requests that matched none (404, 405). */
    @ResponseFilter
    public void countRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        count(request, response);
    }

    /**
     * Answers of filters that refuse before routing ({@code BodySizeLimitFilter}'s 413, a CORS refusal), which the
     * method above never sees; the attribute keeps an answer from being counted twice.
     */
    @PreMatching
    @ResponseFilter
    public void countRefusalBeforeRouting(HttpRequest<?> request, MutableHttpResponse<?> response) {
        count(request, response);
    }

    private void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        if (status < 400 || request.getAttribute(COUNTED).isPresent()) {
            return;
        }
        request.setAttribute(COUNTED, Boolean.TRUE);
        Labels labels = new Labels(route(request), status,
                field(response.getAttribute(HttpAttributes.EXCEPTION, Throwable.class).orElse(null)));
        counters.computeIfAbsent(labels, this::counter).increment();
    }

    private Counter counter(Labels labels) {
        return Counter.builder(REFUSALS)
                .description("Answers with an HTTP status of 400 or more, by route template, status and field")
                .tag("route", labels.route)
                .tag("status", Integer.toString(labels.status))
                .tag("field", labels.field)
                .register(registry);
    }

    /** The matched route's template; for a request refused before routing (413, 429), the route it was for. */
    private String route(HttpRequest<?> request) {
        return BasicHttpAttributes.getRouteMatchInfo(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> template((UriRouteMatch<?, ?>) match))
                .orElseGet(() -> router.find(request, request.getPath()).findFirst()
                        .map(RefusalMetricsFilter::template)
                        .orElse(UNMATCHED));
    }

    private static String template(UriRouteMatch<?, ?> match) {
        return match.getRouteInfo().getUriMatchTemplate().toPathString();
    }

    static String field(Throwable failure) {
        if (!(failure instanceof InvalidInputException invalid) || invalid.field() == null) {
            return NO_FIELD;
        }
        String field = invalid.field();
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        String topLevel = field.substring(0, end);
        return FIELDS.contains(topLevel) ? topLevel : OTHER_FIELD;
    }

    /** Outside every other filter (with {@code EmptyErrorBodyFilter}, which changes bodies, not statuses). */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    private record Labels(String route, int status, String field) {
    }
}
