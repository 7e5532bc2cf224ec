package dev.meridian.app.metrics;

import dev.meridian.core.access.Secrets;
import dev.meridian.http.error.ErrorEnvelope;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;

/**
 * {@code GET /prometheus} is public unless {@code meridian.metrics.token} ({@code MERIDIAN_METRICS_TOKEN}) is set;
 * then a scrape must send {@code Authorization: Bearer <token>}, or gets 401 with the error envelope. The
 * presented value is hashed and compared with the token's hash in constant time, as API credentials are.
 */
@ServerFilter({"/prometheus", "/prometheus/**"})
public class PrometheusTokenFilter {

    private final Optional<String> tokenHash;

    public PrometheusTokenFilter(@Value("${meridian.metrics.token:}") String token) {
        this.tokenHash = Optional.of(token).filter(t -> !t.isBlank()).map(t -> Secrets.hash("Bearer " + t));
    }

    @RequestFilter
    @Nullable
    public HttpResponse<ErrorEnvelope> requireToken(HttpRequest<?> request) {
        if (tokenHash.isEmpty()) {
            return null;
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (Secrets.matches(authorization == null ? "" : authorization, tokenHash.get())) {
            return null;
        }
        return HttpResponse.<ErrorEnvelope>status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorEnvelope.of(401, "Metrics need the token of MERIDIAN_METRICS_TOKEN: "
                        + "Authorization: Bearer <token>"));
    }
}
