package dev.meridian.http.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.meridian.ports.in.ImportLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Newline-delimited JSON read as {@link ImportLine}s, one line at a time: nothing but the current line is held, so
 * a file of any size streams through. Each line must be valid UTF-8 and one JSON object whose members are strings,
 * numbers, booleans or null, except {@code extraData}, an object of such values. A line that is not is handed on as
 * unreadable, with the reason, so the import reports it with its number. Lines longer than
 * {@value #MAX_LINE_LENGTH} characters are unreadable too (and skipped to their end without being held). Numbers are
 * handed on as the text they were sent as, never converted (see {@link #parse}). Used by the HTTP route and by the
 * command line.
 */
public final class NdjsonLines implements Iterator<ImportLine> {

    /** The longest line read; a record is far smaller (a URL is at most 2,048 characters). */
    public static final int MAX_LINE_LENGTH = 64 * 1024;
    /** The most bytes a line of {@link #MAX_LINE_LENGTH} characters takes in UTF-8. */
    private static final int MAX_LINE_BYTES = 4 * MAX_LINE_LENGTH;

    private static final JsonFactory JSON = new JsonFactory();

    private final InputStream input;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int limit;
    private boolean endOfInput;
    private long number;
    private ImportLine next;
    private byte[] line = new byte[512];
    private int lineLength;

    public NdjsonLines(InputStream input) {
        this.input = input;
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

    /** The next line, split at {@code \n} bytes (never part of a multi-byte UTF-8 sequence), then decoded. */
    private ImportLine readLine() {
        lineLength = 0;
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
                if (lineLength + length > MAX_LINE_BYTES) {
                    tooLong = true;
                    lineLength = 0;
                } else {
                    append(start, length);
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
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        String text;
        try {
            text = utf8.reset().decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
        } catch (CharacterCodingException notUtf8) {
            return ImportLine.unreadable(number, "", "line is not valid UTF-8");
        }
        if (text.length() > MAX_LINE_LENGTH) {
            return ImportLine.unreadable(number, "", "line is longer than " + MAX_LINE_LENGTH + " characters");
        }
        return parse(number, text);
    }

    private void append(int start, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + length, line.length * 2));
        }
        System.arraycopy(buffer, start, line, lineLength, length);
        lineLength += length;
    }

    private boolean fill() {
        try {
            int read = input.read(buffer, 0, buffer.length);
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

    /**
     * A scalar as text: strings as they are, numbers as they were sent ({@code 1.50} stays {@code 1.50},
     * {@code 1E-500000000} is not converted: the rule of the field decides on the text, as for the API's bodies).
     */
    private static String scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> parser.getText();
        };
    }
}
