package dev.meridian.ports.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of an NDJSON import (API.md §7) as the adapter read it: the JSON is parsed at the edge, the field
 * rules are checked by {@link ImportHistory}.
 *
 * @param number     1-based line number in the file
 * @param text       the line as received; stored ids are derived from it, so importing the same line again
 *                   stores nothing new
 * @param fields     top-level members whose values are strings, numbers or booleans, as text ({@code 12} →
 *                   {@code "12"}), in the order given; {@code null} members are left out
 * @param extraData  the scalar members of the {@code extraData} object, as text, in the order given
 * @param unreadable why the line is not a JSON object of that shape, or {@code null} when it is
 */
public record ImportLine(long number, String text, Map<String, String> fields, Map<String, String> extraData,
        String unreadable) {

    public ImportLine {
        Objects.requireNonNull(text, "text");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        extraData = extraData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraData));
    }

    public static ImportLine read(long number, String text, Map<String, String> fields, Map<String, String> extraData) {
        return new ImportLine(number, text, fields, extraData, null);
    }

    public static ImportLine unreadable(long number, String text, String reason) {
        return new ImportLine(number, text, Map.of(), Map.of(), Objects.requireNonNull(reason, "reason"));
    }
}
