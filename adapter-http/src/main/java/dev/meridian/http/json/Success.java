package dev.meridian.http.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The success envelope of API.md §1: {@code {"status":"success","data":…}}. */
@JsonInclude(value = JsonInclude.Include.ALWAYS, content = JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"status", "data"})
public record Success<T>(@JsonProperty("status") String status, @JsonProperty("data") T data) {

    public static <T> Success<T> of(T data) {
        return new Success<>("success", data);
    }
}
