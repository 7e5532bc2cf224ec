package dev.meridian.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import java.io.UncheckedIOException;

/** Reads response bodies in tests, checks the one error envelope of API.md §1, and compares a body's shape with a contract example. */
public final class Envelopes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Envelopes() {
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** Asserts the status and an envelope {@code {"status":"error","error":{"code":status,"message":…}}}. */
    public static JsonNode assertErrorEnvelope(HttpResponse<String> response, int status) {
        assertThat(response.code()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.getContentType()).hasValueSatisfying(
                type -> assertThat(type.matches(MediaType.APPLICATION_JSON_TYPE)).as("content type %s", type).isTrue());
        String body = response.body();
        assertThat(body).isNotNull().doesNotContain("<html").doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode envelope = json(body);
        assertThat(fieldNames(envelope)).containsExactly("status", "error");
        assertThat(envelope.get("status").asText()).isEqualTo("error");
        assertThat(fieldNames(envelope.get("error"))).containsExactly("code", "message");
        assertThat(envelope.get("error").get("code").isInt()).isTrue();
        assertThat(envelope.get("error").get("code").intValue()).isEqualTo(status);
        assertThat(envelope.get("error").get("message").isTextual()).isTrue();
        return envelope;
    }

    public static String errorMessage(HttpResponse<String> response) {
        return json(response.body()).get("error").get("message").asText();
    }

    public static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Same keys in the same order, same nesting, same JSON type at every node (nulls included). */
    public static void assertSameShape(String path, JsonNode expected, JsonNode actual) {
        assertThat(actual.getNodeType()).as("JSON type at %s", path).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            java.util.List<String> expectedKeys = fieldNames(expected);
            assertThat(fieldNames(actual)).as("keys of %s", path).containsExactlyElementsOf(expectedKeys);
            for (String key : expectedKeys) {
                assertSameShape(path + "." + key, expected.get(key), actual.get(key));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("length of %s", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameShape(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isIntegralNumber()).as("integral number at %s", path).isEqualTo(expected.isIntegralNumber());
        }
    }
}
