package dev.meridian.http.error;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;

/**
 * The last word on every response: an error that left without a body gets the {@link ErrorEnvelope}.
 * Such errors come from filters that answer with a bare status, which bypasses
 * {@link EnvelopeErrorResponseProcessor} — e.g. Micronaut's CORS filter refusing a preflight with 403.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
public class EmptyErrorBodyFilter implements Ordered {

    @PreMatching // so it also sees responses of other pre-matching filters (the CORS preflight)
    @ResponseFilter
    public void fillEmptyErrorBody(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int code = response.code();
        if (code >= 400 && request.getMethod() != HttpMethod.HEAD && response.getBody().isEmpty()) {
            String reason = code == 500 ? EnvelopeErrorResponseProcessor.INTERNAL_ERROR_MESSAGE : reason(code);
            ((MutableHttpResponse<Object>) response).body(ErrorEnvelope.of(code, reason))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }

    private static String reason(int code) {
        try {
            return HttpStatus.valueOf(code).getReason();
        } catch (IllegalArgumentException unknown) {
            return "HTTP " + code;
        }
    }

    /** First on the way in, so last on the way out: after every other filter had its say. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
