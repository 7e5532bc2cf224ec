package dev.meridian.http.limits;

import dev.meridian.http.error.ErrorEnvelope;
import dev.meridian.http.tracking.ClientIpResolver;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.server.annotation.PreMatching;
import java.time.Duration;
import java.util.Optional;

/**
 * Rate limits (429 with {@code Retry-After} and the error envelope), checked before anything else, before routing
 * even, so a flood costs as little as possible: {@code POST /api/events} per client address
 * ({@code meridian.rate-limit.events.requests} per {@code .period}, bursts of {@code .burst};
 * defaults 200 a second, bursts of 400), the API ({@code /api/v1/**}) per credential, or per address for
 * requests without one ({@code meridian.rate-limit.api.*}, defaults 100 a second, bursts of 300); {@code requests=0} turns a limit
 * off. Credentials are keyed by their SHA-256 only.
 *
 * <p>Which limit applies is decided on the normalised path ({@link LimitedRoute}), so {@code /api/events/} and
 * every other spelling of a limited route counts against the same allowance. A client address is an IPv4 address
 * or an IPv6 /64 ({@link ClientIpResolver#limitKey}). Only a CORS preflight of the tracking endpoint
 * ({@code OPTIONS /api/events} with {@code Origin} and {@code Access-Control-Request-Method}) is exempt; any other
 * {@code OPTIONS} counts per address (its credential, if any, is never looked up: no route takes {@code OPTIONS}
 * under {@code /api/v1}).
 *
 * <p>Keying the API by credential alone would give every made-up credential a fresh allowance, so failed
 * authentications (401) also count per client address ({@code meridian.rate-limit.auth-failures.*}, defaults 30 a
 * minute, bursts of 30): an address that used them up is refused on the whole API, whatever credential it sends,
 * until its allowance refills. A flood of guessed keys thus costs its sender, not the other clients.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
@Order(-1000)
public class RateLimitFilter {

    private static final String ROUTE = RateLimitFilter.class.getName() + ".route";

    private final RateLimiter events;
    private final RateLimiter api;
    private final RateLimiter authFailures;
    private final ClientIpResolver clientIps;

    public RateLimitFilter(ClientIpResolver clientIps,
            @Value("${meridian.rate-limit.events.requests:200}") long eventRequests,
            @Value("${meridian.rate-limit.events.period:1s}") Duration eventPeriod,
            @Value("${meridian.rate-limit.events.burst:400}") long eventBurst,
            @Value("${meridian.rate-limit.api.requests:100}") long apiRequests,
            @Value("${meridian.rate-limit.api.period:1s}") Duration apiPeriod,
            @Value("${meridian.rate-limit.api.burst:300}") long apiBurst,
            @Value("${meridian.rate-limit.auth-failures.requests:30}") long failureRequests,
            @Value("${meridian.rate-limit.auth-failures.period:1m}") Duration failurePeriod,
            @Value("${meridian.rate-limit.auth-failures.burst:30}") long failureBurst,
            @Value("${meridian.rate-limit.max-tracked-keys:100000}") long maxKeys) {
        this.clientIps = clientIps;
        this.events = new RateLimiter(eventRequests, eventPeriod, eventBurst, maxKeys);
        this.api = new RateLimiter(apiRequests, apiPeriod, apiBurst, maxKeys);
        this.authFailures = new RateLimiter(failureRequests, failurePeriod, failureBurst, maxKeys);
    }

    @PreMatching
    @RequestFilter
    @Nullable
    public HttpResponse<ErrorEnvelope> limit(HttpRequest<?> request) {
        LimitedRoute route = LimitedRoute.of(request.getPath());
        request.setAttribute(ROUTE, route);
        Optional<Duration> refusal = switch (route) {
            case NONE -> Optional.empty();
            case EVENTS -> isCorsPreflight(request) ? Optional.empty() : events.refusal(addressKey(request));
            case API -> {
                String address = addressKey(request);
                Optional<Duration> guessing = authFailures.exhausted(address);
                yield guessing.isPresent() ? guessing : api.refusal(apiKey(request, address));
            }
        };
        return refusal.map(RateLimitFilter::tooManyRequests).orElse(null);
    }

    /** A refused credential counts against its sender's address. */
    @ResponseFilter
    public void countFailedAuthentication(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode()
                && request.getAttribute(ROUTE, LimitedRoute.class)
                        .orElseGet(() -> LimitedRoute.of(request.getPath())) == LimitedRoute.API) {
            authFailures.count(addressKey(request));
        }
    }

    /** What a browser sends before a cross-origin {@code POST /api/events}: answered by CORS, costs nothing. */
    private static boolean isCorsPreflight(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.OPTIONS
                && request.getHeaders().contains(HttpHeaders.ORIGIN)
                && request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private String addressKey(HttpRequest<?> request) {
        return "ip:" + clientIps.limitKey(request);
    }

    /**
     * The credential's key ({@link CredentialKey}); the client address without one, and for {@code OPTIONS}, whose
     * credential nothing checks.
     */
    private static String apiKey(HttpRequest<?> request, String address) {
        String credential = CredentialKey.of(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return credential == null || request.getMethod() == HttpMethod.OPTIONS ? address : credential;
    }

    static HttpResponse<ErrorEnvelope> tooManyRequests(Duration wait) {
        return tooManyRequests(wait, "Too many requests: retry after " + seconds(wait) + " s");
    }

    /** 429 with {@code Retry-After} (whole seconds, at least 1) and the envelope carrying {@code message}. */
    static HttpResponse<ErrorEnvelope> tooManyRequests(Duration wait, String message) {
        return HttpResponse.<ErrorEnvelope>status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait)))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorEnvelope.of(429, message));
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
