package dev.meridian.http.error;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document only (micronaut-openapi reads it at compile time): the answers of API.md §1 that carry
 * the {@link ErrorEnvelope} ({@code #/components/responses/Error} of {@code src/main/openapi/meridian.yml}), on a
 * controller or one of its routes. Listed code by code: the generator turns {@code responseCode = "default"} into a
 * second 200.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "401", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "403", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "404", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "409", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "413", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "415", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "429", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "500", ref = ErrorResponses.ERROR)
@ApiResponse(responseCode = "503", ref = ErrorResponses.ERROR)
public @interface ErrorResponses {

    String ERROR = "#/components/responses/Error";
}
