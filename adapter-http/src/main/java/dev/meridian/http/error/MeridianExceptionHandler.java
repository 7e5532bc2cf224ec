package dev.meridian.http.error;

import dev.meridian.ports.error.ConflictException;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.MeridianException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.error.UnauthorizedException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the failures of the use cases (ports' {@code error} package) to their HTTP status and envelope. */
@Singleton
public class MeridianExceptionHandler implements ExceptionHandler<MeridianException, HttpResponse<ErrorEnvelope>> {

    /** Seconds a client should wait before retrying when storage is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String UNAVAILABLE_MESSAGE = "Storage is unavailable; retry later";
    /** Storage took the write and did not confirm it in time (docs/api.md §3). */
    static final String UNCONFIRMED_MESSAGE = "Storage did not confirm in time; it may still store this request, "
            + "so a retry may store it twice";

    private static final Logger LOG = LoggerFactory.getLogger(MeridianExceptionHandler.class);

    @Override
    public HttpResponse<ErrorEnvelope> handle(HttpRequest request, MeridianException exception) {
        HttpStatus status = statusOf(exception);
        MutableHttpResponse<ErrorEnvelope> response = HttpResponse.<ErrorEnvelope>status(status)
                .body(ErrorEnvelope.of(status.getCode(), messageOf(exception)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        if (exception instanceof StorageUnavailableException) {
            LOG.warn("Storage unavailable for {} {}: {}", request.getMethodName(), request.getPath(),
                    exception.getMessage(), exception.getCause());
            response.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        }
        return response;
    }

    static HttpStatus statusOf(MeridianException exception) {
        if (exception instanceof InvalidInputException) {
            return HttpStatus.BAD_REQUEST;
        } else if (exception instanceof UnauthorizedException) {
            return HttpStatus.UNAUTHORIZED;
        } else if (exception instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        } else if (exception instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        } else if (exception instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        } else if (exception instanceof StorageUnavailableException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String messageOf(MeridianException exception) {
        if (exception instanceof StorageUnavailableException unavailable) {
            return unavailable.mayHaveBeenStored() ? UNCONFIRMED_MESSAGE : UNAVAILABLE_MESSAGE;
        }
        if (statusOf(exception) == HttpStatus.INTERNAL_SERVER_ERROR) {
            LOG.error("Unmapped failure", exception);
            return EnvelopeErrorResponseProcessor.INTERNAL_ERROR_MESSAGE;
        }
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        if (exception instanceof InvalidInputException invalid && invalid.field() != null
                && !message.contains(invalid.field())) {
            return invalid.field() + ": " + message;
        }
        return message;
    }
}
