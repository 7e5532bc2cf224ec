package dev.meridian.http.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.meridian.ports.in.ImportLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Newline-delimited JSON read as {@link ImportLine}s, one line at a time: nothing but the current line is held, so
 * a file of any size streams through. Each line must be one JSON object whose members are strings, numbers,
 * booleans or null, except {@code extraData}, an object of such values. A line that is not is handed on as
 * unreadable, with the reason, so the import reports it with its number. Lines longer than
 * {@value #MAX_LINE_LENGTH} characters are unreadable too (and skipped to their end without being held). Used by the
 * HTTP route and by the command line.
 */
public final class NdjsonLines implements Iterator<ImportLine> {

    /** The longest line read; a record is far smaller (a URL is at most 2,048 characters). */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    private final Reader reader;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;
    private long number;
    private ImportLine next;
    private final StringBuilder line = new StringBuilder(512);

    public NdjsonLines(InputStream input) {
        this.reader = new InputStreamReader(input, StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readLine();
        }
        return next != null;
    }

    @Override
    public ImportLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportLine result = next;
        next = null;
        return result;
    }

    private ImportLine readLine() {
        line.setLength(0);
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                if (endOfInput || !fill()) {
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong) {
                if (line.length() + length > MAX_LINE_LENGTH) {
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append(buffer, start, length);
                }
            }
            if (position < limit) {
                position++; // the newline
                break;
            }
        }
        number++;
        if (tooLong) {
            return ImportLine.unreadable(number, "", "line is longer than " + MAX_LINE_LENGTH + " characters");
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return parse(number, line.toString());
    }

    private boolean fill() {
        try {
            int read = reader.read(buffer, 0, buffer.length);
            if (read < 0) {
                endOfInput = true;
                return false;
            }
            position = 0;
            limit = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the import body failed: " + e.getMessage(), e);
        }
    }

    /**
     * One line as an {@link ImportLine}; blank lines come back with no fields (the import skips them). Read with
     * Jackson's streaming parser straight into the field maps (no tree per line: the import reads every line of
     * files of millions).
     */
    public static ImportLine parse(long number, String text) {
        if (text.isBlank()) {
            return ImportLine.read(number, text, Map.of(), Map.of());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> extraData = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ImportLine.unreadable(number, text, "line must be one JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (name.equals("extraData")) {
                    if (value != JsonToken.START_OBJECT) {
                        return ImportLine.unreadable(number, text, "extraData must be an object");
                    }
                    for (JsonToken extra = parser.nextToken(); extra == JsonToken.FIELD_NAME; extra = parser.nextToken()) {
                        String key = parser.currentName();
                        JsonToken extraValue = parser.nextToken();
                        if (extraValue == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        if (!extraValue.isScalarValue()) {
                            return ImportLine.unreadable(number, text,
                                    "extraData." + key + " must be a string, number or boolean");
                        }
                        extraData.put(key, scalar(parser, extraValue));
                    }
                } else if (value.isScalarValue()) {
                    fields.put(name, scalar(parser, value));
                } else {
                    return ImportLine.unreadable(number, text, name + " must be a string, number or boolean");
                }
            }
            if (parser.nextToken() != null) {
                return ImportLine.unreadable(number, text, "line is not valid JSON: more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            return ImportLine.unreadable(number, text, "line is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return ImportLine.unreadable(number, text, "line is unreadable: " + e.getMessage());
        }
        return ImportLine.read(number, text, fields, extraData);
    }

    /** A scalar as text: strings as they are, numbers as Java writes their value ({@code 1.50} → {@code 1.5}). */
    private static String scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> parser.getNumberValue().toString();
        };
    }
}
