package dev.meridian.http.error;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Writes every error the framework produces itself (unknown route, wrong method, unsupported content type,
 * body too large, unhandled exception…) as our {@link ErrorEnvelope}, whatever the {@code Accept} header
 * asks for: never Micronaut's JSON or HTML error page. Replaces Micronaut's default processor, which is
 * only created when no other {@link ErrorResponseProcessor} bean exists.
 */
@Singleton
public class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<ErrorEnvelope> {

    static final String INTERNAL_ERROR_MESSAGE = "Internal server error";

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorEnvelope> processResponse(ErrorContext errorContext,
                                                               MutableHttpResponse<?> response) {
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<ErrorEnvelope>) response;
        }
        int code = response.code();
        return ((MutableHttpResponse<ErrorEnvelope>) response)
                .body(ErrorEnvelope.of(code, message(code, errorContext)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String message(int code, ErrorContext errorContext) {
        if (code >= 500) {
            // Micronaut puts the exception's message here ("Internal Server Error: …"); it may reveal internals
            return code == 500 ? INTERNAL_ERROR_MESSAGE : reason(code);
        }
        return errorContext.getErrors().stream()
                .map(Error::getMessage)
                .filter(message -> message != null && !message.isBlank())
                .findFirst()
                .orElseGet(() -> reason(code));
    }

    private static String reason(int code) {
        try {
            return HttpStatus.valueOf(code).getReason();
        } catch (IllegalArgumentException unknown) {
            return "HTTP " + code;
        }
    }
}
