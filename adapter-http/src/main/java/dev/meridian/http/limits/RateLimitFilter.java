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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Rate limits (429 with {@code Retry-After} and the error envelope), checked before anything else so a flood
 * costs as little as possible: {@code POST /api/events} per client address
 * ({@code meridian.rate-limit.events.requests} per {@code .period}, bursts of {@code .burst};
 * defaults 200 a second, bursts of 400), the API ({@code /api/v1/**}) per credential, or per address for
 * requests without one ({@code meridian.rate-limit.api.*}, defaults 100 a second, bursts of 300); {@code requests=0} turns a limit
 * off. Credentials are keyed by their SHA-256 only.
 *
 * <p>Keying the API by credential alone would give every made-up credential a fresh allowance, so failed
 * authentications (401) also count per client address ({@code meridian.rate-limit.auth-failures.*}, defaults 30 a
 * minute, bursts of 30): an address that used them up is refused on the whole API, whatever credential it sends,
 * until its allowance refills. A flood of guessed keys thus costs its sender, not the other clients.
 */
@ServerFilter({"/api/events", "/api/v1/**"})
@Order(-1000)
public class RateLimitFilter {

    private static final String EVENTS_PATH = "/api/events";

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

    @RequestFilter
    @Nullable
    public HttpResponse<ErrorEnvelope> limit(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.OPTIONS) {
            return null;
        }
        Optional<Duration> refusal;
        if (request.getPath().equals(EVENTS_PATH)) {
            refusal = events.refusal("ip:" + clientIp(request));
        } else {
            String clientIp = clientIp(request);
            refusal = authFailures.exhausted("ip:" + clientIp);
            if (refusal.isEmpty()) {
                String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
                refusal = api.refusal(authorization == null ? "ip:" + clientIp : "key:" + sha256(authorization));
            }
        }
        return refusal.map(RateLimitFilter::tooManyRequests).orElse(null);
    }

    /** A refused credential counts against its sender's address. */
    @ResponseFilter
    public void countFailedAuthentication(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode() && !request.getPath().equals(EVENTS_PATH)) {
            authFailures.count("ip:" + clientIp(request));
        }
    }

    /** The key of a credential: its SHA-256 in hex, so the limiter's state never holds a secret. */
    private static String sha256(String credential) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private String clientIp(HttpRequest<?> request) {
        return clientIps.resolve(request);
    }

    private static HttpResponse<ErrorEnvelope> tooManyRequests(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return HttpResponse.<ErrorEnvelope>status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorEnvelope.of(429, "Too many requests: retry after " + seconds + " s"));
    }
}
