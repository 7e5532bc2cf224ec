package dev.meridian.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The one error body of API.md §1: {@code {"status":"error","error":{"code":…,"message":…}}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"status", "error"})
public record ErrorEnvelope(@JsonProperty("status") String status, @JsonProperty("error") Detail error) {

    /** The HTTP status again, and a human-readable message (never a stack trace or a credential). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"code", "message"})
    public record Detail(@JsonProperty("code") int code, @JsonProperty("message") String message) {
    }

    public static ErrorEnvelope of(int code, String message) {
        return new ErrorEnvelope("error", new Detail(code, message));
    }
}
