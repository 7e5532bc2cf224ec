package dev.meridian.http.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 *
 * <p>The body is read with Jackson's streaming parser into the top-level members and the members of their objects;
 * anything deeper is checked as JSON and skipped. A number is handed on as the text it was sent as
 * ({@code 49.90}, {@code 1E-500000000}), never converted: converting builds a {@code double} (which changes the
 * value: {@code 1E-500000000} would read {@code 0.0}, {@code 1e400} {@code Infinity}) or a {@code BigDecimal} whose
 * size an exponent decides. The rule of the field (core's, such as the amount's grammar) decides on the text.
 */
public final class JsonObjectBody {

    /** The JSON type a field may have; {@code null} is accepted for every optional field. */
    public enum Kind {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), OBJECT("an object"), ARRAY("an array");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean matches(Value value) {
            return value.kind() == this;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Value> object;

    private JsonObjectBody(Map<String, Value> object) {
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
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException("body", "Request body must be a JSON object");
            }
            Map<String, Value> members = members(parser, true);
            if (parser.nextToken() != null) {
                throw malformed(parser.currentLocation(), "trailing content after the JSON object");
            }
            return new JsonObjectBody(members);
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("body", "Unreadable request body: " + e.getMessage());
        }
    }

    /** The members of the object whose start the parser is on; objects in it kept one level deeper when asked. */
    private static Map<String, Value> members(JsonParser parser, boolean keepObjects) throws IOException {
        Map<String, Value> members = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            members.put(name, value(parser, parser.nextToken(), keepObjects));
        }
        return members;
    }

    /** The elements of the array whose start the parser is on: scalars with their text, containers by kind only. */
    private static List<Value> elements(JsonParser parser) throws IOException {
        List<Value> elements = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            elements.add(value(parser, token, false));
        }
        return elements;
    }

    /**
     * The value whose first token the parser is on: a scalar with its text; an object with its members and an array
     * with its elements when {@code keepContainers}, else skipped and known by its kind only.
     */
    private static Value value(JsonParser parser, JsonToken token, boolean keepContainers) throws IOException {
        return switch (token) {
            case START_OBJECT -> keepContainers ? new Value(Kind.OBJECT, null, members(parser, false))
                    : skipped(parser, Kind.OBJECT);
            case START_ARRAY -> keepContainers ? new Value(Kind.ARRAY, null, null, elements(parser))
                    : skipped(parser, Kind.ARRAY);
            case VALUE_STRING -> new Value(Kind.STRING, parser.getText(), null);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(Kind.NUMBER, parser.getText(), null);
            case VALUE_TRUE, VALUE_FALSE -> new Value(Kind.BOOLEAN, parser.getText(), null);
            case VALUE_NULL -> Value.NULL;
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    private static Value skipped(JsonParser parser, Kind container) throws IOException {
        parser.skipChildren();
        return new Value(container, null, null);
    }

    private static InvalidInputException malformed(JsonLocation location, String why) {
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidInputException("body", "Malformed JSON in request body" + where + ": " + why);
    }

    /** The field's text, or {@code null} when it is absent or {@code null}. */
    public String optionalString(String field) {
        Value value = present(field, Kind.STRING);
        return value == null ? null : value.text();
    }

    /**
     * The field's text when it is a string, or the text of a number exactly as sent ({@code 49.90},
     * {@code 1E-500000000}: never converted); {@code null} when absent or {@code null}.
     */
    public String optionalStringOrNumber(String field) {
        Value value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.kind() == Kind.STRING || value.kind() == Kind.NUMBER) {
            return value.text();
        }
        throw wrongType(field, "a string or a number", value);
    }

    /**
     * Every top-level field but {@code except}, each scalar as a string in the order sent ({@code 12} →
     * {@code "12"}, a number as sent, {@code true} → {@code "true"}); {@code null} fields are left out.
     *
     * @throws InvalidInputException a field whose value is an object or array, named
     */
    public Map<String, String> scalarFieldsExcept(java.util.Set<String> except) {
        Map<String, String> result = new LinkedHashMap<>();
        object.forEach((name, value) -> {
            if (except.contains(name) || value.isNull()) {
                return;
            }
            if (!value.isScalar()) {
                throw new InvalidInputException(name, name + " must be a string, number or boolean, not "
                        + value.describe());
            }
            result.put(name, value.text());
        });
        return result;
    }

    /**
     * The field's strings in the order sent, or {@code null} when it is absent or {@code null}.
     *
     * @throws InvalidInputException the field is no array, or an element is not a string ({@code field[i]} named)
     */
    public List<String> optionalStringList(String field) {
        Value value = present(field, Kind.ARRAY);
        if (value == null) {
            return null;
        }
        List<String> result = new ArrayList<>(value.elements().size());
        for (int i = 0; i < value.elements().size(); i++) {
            Value element = value.elements().get(i);
            if (element.kind() != Kind.STRING) {
                throw new InvalidInputException(field, field + "[" + i + "] must be a string, not " + element.describe());
            }
            result.add(element.text());
        }
        return result;
    }

    /** The field's value, or {@code absent} when it is missing or {@code null}. */
    public boolean optionalBoolean(String field, boolean absent) {
        Value value = present(field, Kind.BOOLEAN);
        return value == null ? absent : Boolean.parseBoolean(value.text());
    }

    /** Checks the JSON type of a field whose value is not used; absent and {@code null} pass. */
    public void checkType(String field, Kind first, Kind... others) {
        Value value = object.get(field);
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
     * A flat object of scalars, each as a string in the order sent ({@code 12} → {@code "12"}, a number as sent,
     * {@code true} → {@code "true"}); {@code null} members are left out. Absent or {@code null} gives an empty map.
     *
     * @throws InvalidInputException the field is no object, or a member is an object or array
     *                               ({@code field.member} named)
     */
    public Map<String, String> scalarMap(String field) {
        Value value = present(field, Kind.OBJECT);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        value.members().forEach((name, member) -> {
            if (member.isNull()) {
                return;
            }
            if (!member.isScalar()) {
                String path = field + "." + name;
                throw new InvalidInputException(path, path + " must be a string, number or boolean, not "
                        + member.describe());
            }
            result.put(name, member.text());
        });
        return result;
    }

    private Value present(String field, Kind kind) {
        Value value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!kind.matches(value)) {
            throw wrongType(field, kind.description, value);
        }
        return value;
    }

    private static InvalidInputException wrongType(String field, String expected, Value actual) {
        return new InvalidInputException(field, field + " must be " + expected + ", not " + actual.describe());
    }

    /**
     * A member's value as read: its kind and, for scalars, its text as sent; for an object or array at the top level,
     * its members or elements. {@code kind} is {@code null} for JSON {@code null}.
     */
    private record Value(Kind kind, String text, Map<String, Value> members, List<Value> elements) {

        static final Value NULL = new Value(null, null, null);

        Value(Kind kind, String text, Map<String, Value> members) {
            this(kind, text, members, List.of());
        }

        boolean isNull() {
            return kind == null;
        }

        boolean isScalar() {
            return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
        }

        String describe() {
            return kind == null ? "null" : kind.description;
        }
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
