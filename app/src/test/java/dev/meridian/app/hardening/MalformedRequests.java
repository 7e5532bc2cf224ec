package dev.meridian.app.hardening;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates malformed requests for every write endpoint from a seed: each one is wrong in at least one way that
 * the contract (API.md) refuses, so the only right answers are a 4xx error envelope (or, for the NDJSON import,
 * a report that accepted nothing). Kinds: wrong JSON types per field, huge and non-finite numbers, deep
 * nesting, invalid UTF-8, raw and escaped control characters, oversized strings and bodies, bad URLs, bad
 * UUIDs, truncated JSON, empty bodies, non-object JSON, wrong content types, bad ids in paths.
 */
final class MalformedRequests {

    /**
     * One request to send. {@code importRoute}: a 200 report with nothing accepted is also a right answer.
     * {@code acceptable}: how many of its records are hostile but within the contract (a campaign parameter that
     * decodes to NUL is left out, a {@code javascript:} referrer is stored as none), so may be accepted; never a 5xx.
     */
    record Request(String method, String path, String contentType, String authorization, byte[] body,
                   String description, boolean importRoute, int acceptable) {

        Request(String method, String path, String contentType, String authorization, byte[] body,
                String description, boolean importRoute) {
            this(method, path, contentType, authorization, body, description, importRoute, 0);
        }
    }

    /** A JSON fragment written as is (not quoted): invalid literals, huge numbers, broken nesting. */
    record Raw(String json) {
    }

    /** What the generated requests need to know about the server's data. */
    record Target(String websiteId, String trackingId, String domain, String visitorId, String apiKey,
                  String adminToken) {
    }

    private static final String[] WRONG_CONTENT_TYPES = {"application/xml", "text/html",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png",
            "application/octet-stream"};
    private static final String[] BAD_URLS = {"javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
            "ftp://shop.example/", "shop.example/pricing", "//shop.example/", "http://", "https://", "not a url",
            "http://[::1", "https://other.example/", "https://shop.example.evil.example/", "https://shop.example/<x>",
            "https://shop.example/ space", "mailto:a@shop.example", "file:///etc/passwd", "https:///path"};
    private static final String[] BAD_UUIDS = {"", "not-a-uuid", "b971cbbf7ce24925902b8f95a5fb3449",
            "b971cbbf-7ce2-1925-902b-8f95a5fb3449", "b971cbbf-7ce2-4925-902b-8f95a5fb3449-0",
            "g971cbbf-7ce2-4925-902b-8f95a5fb3449", "{b971cbbf-7ce2-4925-902b-8f95a5fb3449}",
            "b971cbbf-7ce2-4925-902b-8f95a5fb344", "00000000-0000-0000-0000-000000000000", "' OR 1=1 --",
            "b971cbbf-7ce2-4925-c02b-8f95a5fb3449"};
    private static final Object[] WRONG_FOR_STRING = {12, -0.0, true, false, List.of(), List.of("x"), Map.of(),
            Map.of("a", 1), new Raw("1e400"), new Raw("18446744073709551616"), new Raw("-0")};
    /** Not JSON at all, though some look like numbers to other parsers. */
    private static final String[] INVALID_LITERALS = {"NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.",
            "0x10", "1e", "--1", "undefined", "True", "nul", "'single'", "1_000"};
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90,
            (byte) 0x80, (byte) 0x80}};

    private final Random random;
    private final Target target;

    MalformedRequests(long seed, Target target) {
        this.random = new Random(seed);
        this.target = target;
    }

    Request next() {
        return switch (random.nextInt(8)) {
            case 0, 1 -> event();
            case 2 -> payment();
            case 3 -> goal();
            case 4 -> identify();
            case 5 -> website();
            case 6 -> apiKeyRoute();
            default -> importLines();
        };
    }

    // ------------------------------------------------------------------ endpoints

    private Request event() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("websiteId", target.trackingId());
        body.put("domain", target.domain());
        body.put("href", "https://" + target.domain() + "/pricing?utm_source=fuzz");
        body.put("referrer", "https://news.example/");
        body.put("type", "pageview");
        body.put("visitorId", UUID.randomUUID().toString());
        body.put("sessionId", "s" + UUID.randomUUID());
        String field;
        Object bad;
        switch (random.nextInt(12)) {
            case 0 -> { field = "websiteId"; bad = pick(random.nextBoolean() ? WRONG_FOR_STRING
                    : new Object[] {"dfid_000000000000000000000000", "", " ", "dfid_\u0000", longString(70_000)}); }
            case 1 -> { field = "domain"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING) : null; }
            case 2 -> { field = "href"; bad = random.nextInt(3) == 0 ? pick(WRONG_FOR_STRING)
                    : random.nextBoolean() ? pick(BAD_URLS) : "https://" + target.domain() + "/" + longString(2100); }
            case 3 -> { field = "visitorId"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING) : badUuid(); }
            case 4 -> { field = "sessionId"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : random.nextBoolean() ? "s" + badUuid() : UUID.randomUUID().toString(); }
            case 5 -> { field = "type"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : pick(new Object[] {"", "PAGEVIEW", "click", "pageview\u0000", "page view", "payment\n"}); }
            case 6 -> { field = "extraData"; bad = pick(new Object[] {"x", 1, List.of(1), true,
                    Map.of("nested", Map.of("a", 1)), Map.of("list", List.of(1))}); }
            case 7 -> { field = "referrer"; bad = random.nextBoolean() ? pick(new Object[] {12, true, List.of(),
                    Map.of("a", "b")}) : "https://news.example/" + longString(2100); }
            case 8 -> { field = "cookieless"; bad = pick(new Object[] {"true", 1, List.of(), Map.of()}); }
            case 9 -> { field = pick(new String[] {"screenWidth", "screenHeight", "visitorSessionNumber"});
                    bad = pick(new Object[] {"1920", true, List.of(1), Map.of()}); }
            case 10 -> { field = pick(new String[] {"viewport", "adClickIds", "device"});
                    bad = pick(new Object[] {"1920x1080", 3, true, List.of()}); }
            default -> { field = "type"; bad = "custom";
                    body.put("extraData", Map.of("eventName", pick(new Object[] {"Sign Up!", "", longString(65),
                            "a<b>", "x\u0000"}))); }
        }
        body.put(field, bad);
        return json("POST", "/api/events", null, body, "event " + field, random.nextInt(10) == 0 ? "text/plain" : null,
                false);
    }

    private Request payment() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", 29.99);
        body.put("currency", "USD");
        body.put("transaction_id", "tx_" + random.nextLong());
        body.put("datafast_visitor_id", target.visitorId());
        String field;
        Object bad;
        switch (random.nextInt(8)) {
            case 0 -> { field = "amount"; bad = pick(new Object[] {true, List.of(9), Map.of(), "abc", "", "9,99",
                    -1, -0.01, "-5", "NaN", "Infinity", "1e400", new Raw("1e400"), new Raw("-1e400"),
                    new Raw("1" + "0".repeat(1200)), null, "0x10", "\u0000"}); }
            case 1 -> { field = "currency"; bad = pick(new Object[] {12, true, List.of(), Map.of(), "dollars",
                    "US", "ZZ1", "\u0000\u0000\u0000", longString(300)}); }
            case 2 -> { field = "transaction_id"; bad = pick(new Object[] {null, "", true, List.of("a"),
                    Map.of("id", 1), longString(70_000)}); }
            // only wrong types: a payment whose visitor id is unknown or malformed is recorded unattributed
            case 3 -> { field = "datafast_visitor_id"; bad = pick(new Object[] {12, true, List.of(), Map.of()}); }
            case 4 -> { field = pick(new String[] {"renewal", "refunded"}); bad = pick(new Object[] {"yes", 1,
                    List.of(), Map.of()}); }
            case 5 -> { field = "timestamp"; bad = pick(new Object[] {"yesterday", "2026-13-45T99:00:00Z", 12,
                    true, List.of(), "\u0000", "2026-02-06 05:27:20"}); }
            case 6 -> { field = pick(new String[] {"email", "name", "customer_email", "customer_name"});
                    bad = pick(new Object[] {12, true, List.of(), Map.of("a", "b")}); }
            default -> { field = "customer_id"; bad = pick(new Object[] {true, List.of(), Map.of()}); }
        }
        body.put(field, bad);
        return json("POST", "/api/v1/payments", "Bearer " + target.apiKey(), body, "payment " + field, null, false);
    }

    private Request goal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datafast_visitor_id", target.visitorId());
        body.put("name", "signup");
        String field;
        Object bad;
        switch (random.nextInt(4)) {
            case 0 -> { field = "datafast_visitor_id"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : random.nextBoolean() ? badUuid() : UUID.randomUUID().toString(); }
            case 1 -> { field = "name"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : pick(new Object[] {null, "", "Sign Up!", longString(65), "a<script>", "\u0000", "é", "pageview"}); }
            case 2 -> { field = "metadata"; bad = pick(new Object[] {"x", 1, List.of(), true,
                    Map.of("a", Map.of()), Map.of("a", List.of()), Map.of("Bad Name!", "v"),
                    Map.of("k", longString(300)), elevenParams()}); }
            default -> { field = "description"; bad = pick(new Object[] {12, true, List.of(), Map.of()}); }
        }
        body.put(field, bad);
        return json("POST", "/api/v1/goals", "Bearer " + target.apiKey(), body, "goal " + field, null, false);
    }

    private Request identify() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datafast_visitor_id", target.visitorId());
        body.put("user_id", "user-1");
        String field;
        Object bad;
        switch (random.nextInt(3)) {
            case 0 -> { field = "datafast_visitor_id"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : random.nextBoolean() ? badUuid() : UUID.randomUUID().toString(); }
            case 1 -> { field = "user_id"; bad = pick(new Object[] {null, "", List.of(), Map.of(), List.of("a"),
                    longString(300)}); }
            default -> { field = pick(new String[] {"name", "image", "plan", "email"});
                    bad = pick(new Object[] {List.of(), Map.of(), Map.of("a", "b"), List.of(1, 2)}); }
        }
        body.put(field, bad);
        return json("POST", "/api/v1/identify", "Bearer " + target.apiKey(), body, "identify " + field, null, false);
    }

    private Request website() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", "fuzz.example");
        String field;
        Object bad;
        switch (random.nextInt(4)) {
            case 0 -> { field = "domain"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : pick(new Object[] {null, "", "https://x.example/", "x.example:8080", "x..example", "-x.example",
                    "x_y.example", "a\u0000b.example", "<script>.example", longString(300), "x example", "x.example/"}); }
            case 1 -> { field = "name"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING) : longString(256); }
            case 2 -> { field = "currency"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : pick(new Object[] {"dollars", "US", "ZZ1", "\u0000"}); }
            default -> { field = "timezone"; bad = random.nextBoolean() ? pick(WRONG_FOR_STRING)
                    : pick(new Object[] {"Mars/Olympus", "UTC+99", "\u0000", "../../etc/passwd", longString(300)}); }
        }
        body.put(field, bad);
        return json("POST", "/api/v1/admin/websites", "Bearer " + target.adminToken(), body, "website " + field, null,
                false);
    }

    private Request apiKeyRoute() {
        String keys = "/api/v1/admin/websites/" + target.websiteId() + "/api-keys";
        return switch (random.nextInt(3)) {
            case 0 -> new Request("POST", "/api/v1/admin/websites/" + badPathSegment() + "/api-keys",
                    "application/json", "Bearer " + target.adminToken(), "{}".getBytes(StandardCharsets.UTF_8),
                    "api key of a bad website id", false);
            case 1 -> new Request("DELETE", keys + "/" + badPathSegment(), "application/json",
                    "Bearer " + target.adminToken(), new byte[0], "revocation of a bad key id", false);
            default -> {
                Request broken;
                do { // an empty body is how keys are usually asked for: not malformed here
                    broken = brokenBody("POST", keys, "Bearer " + target.adminToken(), "{\"label\":\"ci\"}", false);
                } while (broken.description().equals("empty body") || broken.description().equals("blank body"));
                yield new Request(broken.method(), broken.path(), broken.contentType(), broken.authorization(),
                        broken.body(), "api key " + broken.description(), false);
            }
        };
    }

    private Request importLines() {
        StringBuilder lines = new StringBuilder();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("type", "pageview");
            record.put("timestamp", "2026-02-06T05:27:20.000Z");
            record.put("visitorId", UUID.randomUUID().toString());
            record.put("sessionId", "s" + UUID.randomUUID());
            record.put("href", "https://" + target.domain() + "/");
            record.put("countryCode", "US");
            switch (random.nextInt(6)) {
                case 0 -> record.put("visitorId", badUuid());
                case 1 -> record.put("href", pick(BAD_URLS));
                case 2 -> record.put("timestamp", pick(new Object[] {"yesterday", 12, true, "2026-13-45T99:00:00Z"}));
                case 3 -> record.put("type", pick(new Object[] {"click", 1, "", List.of()}));
                case 4 -> record.put("extraData", pick(new Object[] {"x", List.of(), Map.of("a", Map.of())}));
                default -> record.put("sessionId", pick(new Object[] {badUuid(), 12, Map.of()}));
            }
            String line = write(record);
            lines.append(random.nextInt(8) == 0 ? line.substring(0, line.length() / 2) : line).append('\n');
        }
        if (random.nextInt(6) == 0) {
            return new Request("POST", "/api/v1/import", pick(WRONG_CONTENT_TYPES), "Bearer " + target.apiKey(),
                    lines.toString().getBytes(StandardCharsets.UTF_8), "import with a wrong content type", true);
        }
        return new Request("POST", "/api/v1/import", "application/x-ndjson", "Bearer " + target.apiKey(),
                lines.toString().getBytes(StandardCharsets.UTF_8), "import of malformed lines", true);
    }

    // ------------------------------------------------------------------ whole-body corruptions

    /** A valid-looking body with one field wrong, or, one time in three, a body broken as a whole. */
    private Request json(String method, String path, String authorization, Map<String, Object> body,
                         String description, String contentType, boolean importRoute) {
        if (random.nextInt(3) == 0) {
            return brokenBody(method, path, authorization, write(body), importRoute);
        }
        String type = contentType != null ? contentType : "application/json";
        String text = write(body);
        if (random.nextInt(6) == 0) {
            // the wrong value as an escaped control character inside the string, or a raw one (invalid JSON)
            String control = String.valueOf((char) random.nextInt(0x20));
            text = text.replaceFirst("\"([^\"]*)\"}$", "\"" + (random.nextBoolean() ? control : "\\\\u0001") + "$1\"}");
        }
        return new Request(method, path, type, authorization, text.getBytes(StandardCharsets.UTF_8),
                description, importRoute);
    }

    private Request brokenBody(String method, String path, String authorization, String valid, boolean importRoute) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(10)) {
            case 0 -> request(method, path, authorization, new byte[0], "empty body");
            case 1 -> request(method, path, authorization, "  \r\n\t ".getBytes(StandardCharsets.UTF_8), "blank body");
            case 2 -> request(method, path, authorization,
                    java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1)), "truncated JSON");
            case 3 -> request(method, path, authorization, pick(new String[] {"[]", "[{}]", "\"text\"", "42", "true",
                    "null", "{}{}", "{} x", "{\"a\":1,}", "{a:1}", "{'a':1}", "{\"a\" 1}"})
                    .getBytes(StandardCharsets.UTF_8), "not one JSON object");
            case 4 -> request(method, path, authorization, deepNesting(), "deep nesting");
            case 5 -> request(method, path, authorization, withInvalidUtf8(bytes), "invalid UTF-8");
            case 6 -> request(method, path, authorization, valid.replaceFirst(":[^,}]*", ":" + pick(INVALID_LITERALS))
                    .getBytes(StandardCharsets.UTF_8), "invalid number literal");
            case 7 -> request(method, path, authorization,
                    ("{\"pad\":\"" + longString(65 * 1024 + random.nextInt(100_000)) + "\"}")
                            .getBytes(StandardCharsets.UTF_8), "body over 64 KiB");
            case 8 -> new Request(method, path, pick(WRONG_CONTENT_TYPES), authorization, bytes, "wrong content type",
                    importRoute);
            default -> request(method, path, authorization, valid.replaceFirst("\"", "\"\u0007\u0000")
                    .getBytes(StandardCharsets.UTF_8), "raw control characters in a string");
        };
    }

    private Request request(String method, String path, String authorization, byte[] body, String description) {
        String type = path.equals("/api/v1/import") ? "application/x-ndjson" : "application/json";
        return new Request(method, path, type, authorization, body, description, path.equals("/api/v1/import"));
    }

    private byte[] deepNesting() {
        int depth = 1001 + random.nextInt(9000);
        boolean arrays = random.nextBoolean();
        StringBuilder text = new StringBuilder(depth * 8 + 16).append("{\"domain\":");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append('1');
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? ']' : '}');
        }
        return text.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] withInvalidUtf8(byte[] valid) {
        int quote = -1;
        for (int i = valid.length - 2; i > 0; i--) {
            if (valid[i] == '"') {
                quote = i;
                break;
            }
        }
        int at = quote > 0 ? quote : valid.length / 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(valid.length + 8);
        out.write(valid, 0, at);
        out.writeBytes(INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ values

    private String badUuid() {
        String uuid = UUID.randomUUID().toString();
        return switch (random.nextInt(5)) {
            case 0 -> pick(BAD_UUIDS);
            case 1 -> uuid.substring(0, random.nextInt(uuid.length()));
            case 2 -> uuid + "\u0000";
            case 3 -> uuid.replace('-', '_');
            default -> uuid.substring(0, 14) + "3" + uuid.substring(15); // version 3, not 4
        };
    }

    private String badPathSegment() {
        String raw = pick(new String[] {"ffffffffffffffffffffffff", "x", "'; drop table websites; --", "..", "%00",
                "\u0000", "<script>", longString(300), "\u00e9\u00e9", "000000000000000000000000"});
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Map<String, Object> elevenParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            params.put("p" + i, "v");
        }
        return params;
    }

    private String longString(int length) {
        char c = (char) ('a' + random.nextInt(26));
        return String.valueOf(c).repeat(length);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    // ------------------------------------------------------------------ writing JSON, raw fragments included

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    // escaped: a raw control character is no JSON, a lone surrogate no UTF-8 (pairs stay pairs)
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            List<String> members = new ArrayList<>();
            map.forEach((k, v) -> members.add(write(k.toString()) + ":" + write(v)));
            out.append(String.join(",", members)).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(write(item)));
            out.append(String.join(",", items)).append(']');
        } else {
            out.append(value);
        }
    }
}
