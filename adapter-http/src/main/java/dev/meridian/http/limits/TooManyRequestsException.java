package dev.meridian.http.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * Refused because a limit of this server is reached: answered 429 with {@code Retry-After} and the error
 * envelope ({@link TooManyRequestsHandler}).
 */
public final class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    /** @param message for the client: what is limited and how far, never a key or an address */
    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
