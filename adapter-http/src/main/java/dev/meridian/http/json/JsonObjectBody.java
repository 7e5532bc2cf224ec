package dev.meridian.http.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.meridian.ports.error.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body that must be one JSON object, read with the JSON types of its fields checked. Every
 * failure is an {@link InvalidInputException} naming the field ({@code body} for the body as a whole).
 */
public final class JsonObjectBody {

    /** The JSON type a field may have; {@code null} is accepted for every optional field. */
    public enum Kind {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), OBJECT("an object"), ARRAY("an array");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean matches(JsonNode node) {
            return switch (this) {
                case STRING -> node.isTextual();
                case NUMBER -> node.isNumber();
                case BOOLEAN -> node.isBoolean();
                case OBJECT -> node.isObject();
                case ARRAY -> node.isArray();
            };
        }
    }

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private final JsonNode object;

    private JsonObjectBody(JsonNode object) {
        this.object = object;
    }

    /**
     * @param body the raw body, UTF-8 (RFC 8259 §8.1); {@code null} when none
     * @throws InvalidInputException empty body, bytes that are not UTF-8 (Jackson lets some through, e.g. in
     *                               member names), malformed JSON (nesting deeper than 1,000 and numbers longer
     *                               than 1,000 digits included: Jackson's read constraints), or a JSON value
     *                               other than an object
     */
    public static JsonObjectBody parse(byte[] body) {
        if (body == null || isBlank(body)) {
            throw new InvalidInputException("body", "Request body is empty; expected a JSON object");
        }
        if (!isUtf8(body)) {
            throw new InvalidInputException("body", "Request body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new InvalidInputException("body", "Malformed JSON in request body" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("body", "Unreadable request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("body", "Request body must be a JSON object");
        }
        return new JsonObjectBody(node);
    }

    /** The field's text, or {@code null} when it is absent or {@code null}. */
    public String optionalString(String field) {
        JsonNode value = present(field, Kind.STRING);
        return value == null ? null : value.textValue();
    }

    /**
     * The field's text when it is a string, or the text of a number ({@code 49.9}, {@code 1.0E20}; a number too
     * large for a double reads {@code Infinity}); {@code null} when absent or {@code null}.
     */
    public String optionalStringOrNumber(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        throw wrongType(field, "a string or a number", value);
    }

    /**
     * Every top-level field but {@code except}, each scalar as a string in the order sent ({@code 12} →
     * {@code "12"}, {@code true} → {@code "true"}); {@code null} fields are left out.
     *
     * @throws InvalidInputException a field whose value is an object or array, named
     */
    public Map<String, String> scalarFieldsExcept(java.util.Set<String> except) {
        Map<String, String> result = new LinkedHashMap<>();
        for (var member : object.properties()) {
            JsonNode memberValue = member.getValue();
            if (except.contains(member.getKey()) || memberValue.isNull()) {
                continue;
            }
            if (!memberValue.isValueNode()) {
                throw new InvalidInputException(member.getKey(), member.getKey()
                        + " must be a string, number or boolean, not " + describe(memberValue));
            }
            result.put(member.getKey(), memberValue.isNumber() ? memberValue.numberValue().toString() : memberValue.asText());
        }
        return result;
    }

    /**
     * The field's strings in the order sent, or {@code null} when it is absent or {@code null}.
     *
     * @throws InvalidInputException the field is no array, or an element is not a string ({@code field[i]} named)
     */
    public List<String> optionalStringList(String field) {
        JsonNode value = present(field, Kind.ARRAY);
        if (value == null) {
            return null;
        }
        List<String> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                throw new InvalidInputException(field, field + "[" + i + "] must be a string, not " + describe(element));
            }
            result.add(element.textValue());
        }
        return result;
    }

    /** The field's value, or {@code absent} when it is missing or {@code null}. */
    public boolean optionalBoolean(String field, boolean absent) {
        JsonNode value = present(field, Kind.BOOLEAN);
        return value == null ? absent : value.booleanValue();
    }

    /** Checks the JSON type of a field whose value is not used; absent and {@code null} pass. */
    public void checkType(String field, Kind first, Kind... others) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || first.matches(value)) {
            return;
        }
        StringBuilder expected = new StringBuilder(first.description);
        for (Kind other : others) {
            if (other.matches(value)) {
                return;
            }
            expected.append(" or ").append(other.description);
        }
        throw wrongType(field, expected.toString(), value);
    }

    /**
     * A flat object of scalars, each as a string in the order sent ({@code 12} → {@code "12"}, {@code true} →
     * {@code "true"}); {@code null} members are left out. Absent or {@code null} gives an empty map.
     *
     * @throws InvalidInputException the field is no object, or a member is an object or array
     *                               ({@code field.member} named)
     */
    public Map<String, String> scalarMap(String field) {
        JsonNode value = present(field, Kind.OBJECT);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        for (var member : value.properties()) {
            JsonNode memberValue = member.getValue();
            if (memberValue.isNull()) {
                continue;
            }
            if (!memberValue.isValueNode()) {
                String name = field + "." + member.getKey();
                throw new InvalidInputException(name,
                        name + " must be a string, number or boolean, not " + describe(memberValue));
            }
            result.put(member.getKey(), memberValue.isNumber() ? memberValue.numberValue().toString() : memberValue.asText());
        }
        return result;
    }

    private JsonNode present(String field, Kind kind) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!kind.matches(value)) {
            throw wrongType(field, kind.description, value);
        }
        return value;
    }

    private static InvalidInputException wrongType(String field, String expected, JsonNode actual) {
        return new InvalidInputException(field, field + " must be " + expected + ", not " + describe(actual));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
