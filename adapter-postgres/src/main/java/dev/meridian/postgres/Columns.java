package dev.meridian.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Binding and reading the column types the schema uses, null-safe. */
final class Columns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ORDERED_MAP = new TypeReference<>() {
    };

    private Columns() {
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** A string map as a JSON object text, keeping its order (stored in {@code json}, not {@code jsonb}). */
    static String json(Map<String, String> map) {
        if (map.isEmpty()) {
            return "{}"; // most events and profiles: no serializer needed
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + map + " as JSON", e);
        }
    }

    static Map<String, String> map(String json) {
        if (json == null || json.equals("{}")) {
            return new LinkedHashMap<>(); // most events and profiles: no parser needed
        }
        try {
            return JSON.readValue(json, ORDERED_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a string map: " + json, e);
        }
    }
}
