package dev.meridian.http.limits;

import dev.meridian.http.error.ErrorEnvelope;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** {@link TooManyRequestsException} as 429, {@code Retry-After} and the error envelope. */
@Singleton
public class TooManyRequestsHandler
        implements ExceptionHandler<TooManyRequestsException, HttpResponse<ErrorEnvelope>> {

    @Override
    public HttpResponse<ErrorEnvelope> handle(HttpRequest request, TooManyRequestsException exception) {
        return RateLimitFilter.tooManyRequests(exception.retryAfter(), exception.getMessage());
    }
}
