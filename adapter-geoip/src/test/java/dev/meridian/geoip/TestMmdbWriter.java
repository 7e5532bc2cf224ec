package dev.meridian.geoip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a minimal MaxMind DB (format 2.0) for tests: an IPv4 tree of one node whose left half (0.0.0.0/1) points
 * at one data record and whose right half (128.0.0.0/1) is empty. Enough to stand in for databases we cannot ship
 * (a Country database, a DB-IP Lite City database). Values: String, Double, Integer (uint32), Map, List.
 */
final class TestMmdbWriter {

    private TestMmdbWriter() {}

    static byte[] database(String databaseType, Map<String, Object> recordForLowerHalf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int nodeCount = 1;
        int left = nodeCount + 16; // data section offset 0
        int right = nodeCount; // "no data"
        writeUint24(out, left);
        writeUint24(out, right);
        out.writeBytes(new byte[16]); // data section separator
        encode(out, recordForLowerHalf);
        out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
        controlByte(metadata, 7, 9);
        string(metadata, "node_count");
        unsigned(metadata, 6, nodeCount);
        string(metadata, "record_size");
        unsigned(metadata, 5, 24);
        string(metadata, "ip_version");
        unsigned(metadata, 5, 4);
        string(metadata, "database_type");
        string(metadata, databaseType);
        string(metadata, "languages");
        encode(metadata, List.of("en"));
        string(metadata, "binary_format_major_version");
        unsigned(metadata, 5, 2);
        string(metadata, "binary_format_minor_version");
        unsigned(metadata, 5, 0);
        string(metadata, "build_epoch");
        extendedControl(metadata, 9, 4);
        metadata.writeBytes(new byte[] {0x60, 0, 0, 0});
        string(metadata, "description");
        encode(metadata, Map.of("en", "Meridian test database"));
        out.writeBytes(metadata.toByteArray());
        return out.toByteArray();
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Double d) {
            controlByte(out, 3, 8);
            long bits = Double.doubleToLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift));
            }
        } else if (value instanceof Integer i) {
            unsigned(out, 6, i);
        } else if (value instanceof Map<?, ?> map) {
            controlByte(out, 7, map.size());
            map.forEach((k, v) -> {
                string(out, (String) k);
                encode(out, v);
            });
        } else if (value instanceof List<?> list) {
            extendedControl(out, 11, list.size());
            list.forEach(v -> encode(out, v));
        } else {
            throw new IllegalArgumentException("unsupported test value " + value);
        }
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        controlByte(out, 2, bytes.length);
        out.writeBytes(bytes);
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long value) {
        int size = value == 0 ? 0 : (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        controlByte(out, type, size);
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private static void controlByte(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("test writer supports sizes below 29, got " + size);
        }
        out.write((type << 5) | size);
    }

    private static void extendedControl(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("test writer supports sizes below 29, got " + size);
        }
        out.write(size);
        out.write(type - 7);
    }

    private static void writeUint24(ByteArrayOutputStream out, int value) {
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
