package dev.meridian.app.hardening;

import dev.meridian.app.hardening.MalformedRequests.Raw;
import dev.meridian.app.hardening.MalformedRequests.Request;
import dev.meridian.app.hardening.MalformedRequests.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Well-formed JSON carrying what only a database refuses or what the input rules of API.md §8 exist for, in every
 * text field of every write endpoint and of import lines: U+0000 and other control characters (JSON-escaped, so the
 * body parses), unpaired surrogates, percent-encoded control characters in URLs, amounts with exponents (as strings
 * and as JSON numbers) or too many digits, unknown currencies, timestamps outside 2000 to tomorrow, {@code javascript:}
 * and other non-http URLs, malformed ids in query parameters and paths (website, API key and account token ids). A request the contract must refuse is
 * marked so; the few that the contract accepts in a cleaned form ({@code ?utm_source=%00x}: the parameter is left
 * out; a {@code javascript:} referrer: stored as none) are marked {@code mayBeAccepted}.
 */
final class HostileRequests {

    /** What a database refuses or the rules exist for, as Java strings (written JSON-escaped). */
    private static final String[] CONTROL = {"\u0000", "\u0001", "\u0007", "\u0008", "\n", "\r", "\u001b", "\u001f",
            "\u007f", "\u0085", "\u009f", "\ud800", "\udfff"};
    private static final String[] PERCENT_CONTROL = {"%00", "%0A", "%0D", "%1B", "%7F", "%C2%85", "%ED%A0%80"};
    private static final String[] NON_HTTP_URLS = {"javascript:alert(1)", "javascript://shop.example/%0Aalert(1)",
            "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
            "file:///etc/passwd", "ftp://shop.example/", "mailto:a@shop.example", "about:blank",
            "chrome://settings", "//evil.example/"};
    private static final Object[] BAD_AMOUNTS = {"1E-500000000", new Raw("1E-500000000"), "1e400", new Raw("1e400"),
            new Raw("1E5"), "1E+2", new Raw("-1E-5"), "1000000000000", new Raw("1000000000000"), "0.123456789",
            new Raw("0.30000000000000004"), "9".repeat(40), new Raw("9".repeat(40)), "NaN", "-Infinity", "12\u0000",
            " 1 2", "1e", new Raw("-5"), "-0.01"};
    private static final String[] BAD_CURRENCIES = {"ABC", "XYZ", "usd\u0000", "U\u0000D", "€€€", "uſd", "US", "USDD",
            "\u0000\u0000\u0000", "12\u0000"};
    private static final String[] BAD_TIMESTAMPS = {"1900-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z",
            "2099-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-000001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "2026-02-06T05:27:20\u0000Z", "2026-02-30T00:00:00Z"};

    private final Random random;
    private final Target target;

    HostileRequests(long seed, Target target) {
        this.random = new Random(seed);
        this.target = target;
    }

    Request next() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> event();
            case 2 -> payment();
            case 3 -> goal();
            case 4 -> identify();
            case 5 -> website();
            case 6 -> idsInQueryAndPath();
            default -> importLines();
        };
    }

    // ------------------------------------------------------------------ values

    /** A string with a control character or an unpaired surrogate somewhere in it. */
    private String withControl(String around) {
        String c = pick(CONTROL);
        int at = random.nextInt(around.length() + 1);
        return around.substring(0, at) + c + around.substring(at);
    }

    private String href(boolean hostile) {
        String base = "https://" + target.domain() + "/p";
        if (!hostile) {
            return base + "?utm_source=news";
        }
        return switch (random.nextInt(3)) {
            case 0 -> base + "?utm_source=" + pick(PERCENT_CONTROL) + "x&utm_campaign=c" + pick(PERCENT_CONTROL);
            case 1 -> base + "?ref=" + pick(PERCENT_CONTROL) + "&utm_term=%zz";
            default -> base + "/" + pick(PERCENT_CONTROL);
        };
    }

    // ------------------------------------------------------------------ endpoints

    private Request event() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("websiteId", target.trackingId());
        body.put("domain", target.domain());
        body.put("href", href(false));
        body.put("referrer", "https://news.example/");
        body.put("type", "pageview");
        body.put("visitorId", UUID.randomUUID().toString());
        body.put("sessionId", "s" + UUID.randomUUID());
        boolean acceptable = false;
        String field;
        switch (random.nextInt(12)) {
            case 0 -> { field = "href"; body.put("href", withControl(href(false))); }
            case 1 -> { field = "href"; body.put("href", href(true)); acceptable = true; }
            case 2 -> { field = "href"; body.put("href", pick(NON_HTTP_URLS)); }
            case 3 -> { field = "referrer"; body.put("referrer", withControl("https://news.example/a")); }
            case 4 -> { field = "referrer"; acceptable = true; body.put("referrer", random.nextBoolean()
                    ? pick(NON_HTTP_URLS) : "https://news.example/" + pick(PERCENT_CONTROL)); }
            case 5 -> { field = pick(new String[] {"websiteId", "domain", "visitorId", "sessionId", "type"});
                    body.put(field, withControl(String.valueOf(body.get(field)))); }
            case 6 -> { field = "extraData.eventName"; body.put("type", "custom");
                    body.put("extraData", Map.of("eventName", withControl("signup"))); }
            case 7 -> { field = "extraData.param"; body.put("type", "custom"); Map<String, Object> extra =
                    new LinkedHashMap<>(); extra.put("eventName", "signup");
                    if (random.nextBoolean()) { extra.put("plan", withControl("pro")); }
                    else { extra.put(withControl("plan"), "pro"); }
                    body.put("extraData", extra); }
            case 8 -> { field = "extraData.url"; body.put("type", "external_link");
                    body.put("extraData", Map.of("url", random.nextBoolean() ? pick(NON_HTTP_URLS)
                            : withControl("https://github.com/"), "text", "x")); }
            case 9 -> { field = "extraData.text"; body.put("type", "external_link");
                    body.put("extraData", Map.of("url", "https://github.com/", "text", withControl("GitHub"))); }
            case 10 -> { field = "extraData.identify"; body.put("type", "identify"); Map<String, Object> extra =
                    new LinkedHashMap<>(); extra.put("user_id", "u-1");
                    switch (random.nextInt(4)) {
                        case 0 -> extra.put("user_id", withControl("u-1"));
                        case 1 -> extra.put("name", withControl("Ada"));
                        case 2 -> extra.put("image", random.nextBoolean() ? pick(NON_HTTP_URLS)
                                : withControl("https://cdn.example/a.png"));
                        default -> extra.put(withControl("plan"), "pro");
                    }
                    body.put("extraData", extra); }
            default -> { field = "extraData.payment"; body.put("type", "payment");
                    body.put("extraData", random.nextBoolean() ? Map.of("email", withControl("a@shop.example"))
                            : Map.of(withControl("email"), "a@shop.example")); }
        }
        return json("POST", "/api/events", null, body, "hostile event " + field, acceptable ? 1 : 0);
    }

    private Request payment() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", "29.99");
        body.put("currency", "USD");
        body.put("transaction_id", "tx_" + random.nextLong());
        body.put("datafast_visitor_id", target.visitorId());
        String field;
        switch (random.nextInt(8)) {
            case 0, 1 -> { field = "amount"; body.put("amount", pick(BAD_AMOUNTS)); }
            case 2 -> { field = "currency"; body.put("currency", pick(BAD_CURRENCIES)); }
            case 3 -> { field = "timestamp"; body.put("timestamp", pick(BAD_TIMESTAMPS)); }
            case 4 -> { field = "datafast_visitor_id"; body.put("datafast_visitor_id", random.nextBoolean()
                    ? withControl(target.visitorId()) : pick(new String[] {"not-a-uuid", target.visitorId() + "x",
                    "b971cbbf-7ce2-1925-902b-8f95a5fb3449"})); }
            default -> { field = pick(new String[] {"transaction_id", "email", "name", "customer_id", "customer_email",
                    "customer_name"}); body.put(field, withControl("ada@example.com")); }
        }
        return json("POST", "/api/v1/payments", "Bearer " + target.apiKey(), body, "hostile payment " + field, 0);
    }

    private Request goal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datafast_visitor_id", target.visitorId());
        body.put("name", "signup");
        String field;
        switch (random.nextInt(4)) {
            case 0 -> { field = "name"; body.put("name", withControl("signup")); }
            case 1 -> { field = "description"; body.put("description", withControl("a description")); }
            case 2 -> { field = "metadata"; body.put("metadata", random.nextBoolean()
                    ? Map.of("plan", withControl("pro")) : Map.of(withControl("plan"), "pro")); }
            default -> { field = "datafast_visitor_id"; body.put("datafast_visitor_id", withControl(target.visitorId())); }
        }
        return json("POST", "/api/v1/goals", "Bearer " + target.apiKey(), body, "hostile goal " + field, 0);
    }

    private Request identify() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datafast_visitor_id", target.visitorId());
        body.put("user_id", "user-1");
        String field = pick(new String[] {"user_id", "name", "image", "plan", "email", "key", "datafast_visitor_id"});
        switch (field) {
            case "image" -> body.put("image", random.nextBoolean() ? pick(NON_HTTP_URLS)
                    : withControl("https://cdn.example/a.png"));
            case "key" -> body.put(withControl("plan"), "pro");
            case "datafast_visitor_id" -> body.put(field, withControl(target.visitorId()));
            default -> body.put(field, withControl("value"));
        }
        return json("POST", "/api/v1/identify", "Bearer " + target.apiKey(), body, "hostile identify " + field, 0);
    }

    private Request website() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", "hostile.example");
        String field = pick(new String[] {"domain", "name", "currency", "timezone"});
        body.put(field, switch (field) {
            case "currency" -> pick(BAD_CURRENCIES);
            case "timezone" -> withControl("Europe/Paris");
            case "domain" -> withControl("hostile.example");
            default -> withControl("Shop");
        });
        return json("POST", "/api/v1/admin/websites", "Bearer " + target.adminToken(), body, "hostile website " + field,
                0);
    }

    /** Ids that reach a storage look-up as query parameters and path segments, with control characters. */
    private Request idsInQueryAndPath() {
        String id = URLEncoder.encode(withControl(target.websiteId()), StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 4 -> new Request("DELETE", "/api/v1/admin/tokens/" + URLEncoder.encode(withControl("0123456789abcdef01234567"),
                    StandardCharsets.UTF_8), "application/json", "Bearer " + target.adminToken(), new byte[0],
                    "revocation of a hostile token id", false);
            case 5 -> new Request("POST", "/api/v1/admin/tokens", "application/json", "Bearer " + target.adminToken(),
                    MalformedRequests.write(Map.of("permissions", List.of(random.nextBoolean()
                            ? withControl("analytics:read") : "analytics:read"), "websiteIds",
                            List.of(withControl(target.websiteId())))).getBytes(StandardCharsets.UTF_8),
                    "account token with hostile permissions or website ids", false);
            case 0 -> new Request("POST", "/api/v1/payments?websiteId=" + id, "application/json",
                    "Bearer " + target.adminToken(), MalformedRequests.write(Map.of("amount", "1", "currency", "USD",
                    "transaction_id", "tx_" + random.nextLong())).getBytes(StandardCharsets.UTF_8),
                    "account token with a hostile websiteId", false);
            case 1 -> new Request("POST", "/api/v1/goals?websiteId=" + id, "application/json",
                    "Bearer " + target.adminToken(), MalformedRequests.write(Map.of("datafast_visitor_id",
                    target.visitorId(), "name", "signup")).getBytes(StandardCharsets.UTF_8),
                    "account token with a hostile websiteId", false);
            case 2 -> new Request("POST", "/api/v1/admin/websites/" + id + "/api-keys", "application/json",
                    "Bearer " + target.adminToken(), new byte[0], "api key of a hostile website id", false);
            default -> new Request("POST", "/api/v1/import?websiteId=" + id, "application/x-ndjson",
                    "Bearer " + target.adminToken(), "{}\n".getBytes(StandardCharsets.UTF_8),
                    "import into a hostile website id", true);
        };
    }

    private Request importLines() {
        StringBuilder lines = new StringBuilder();
        int count = 1 + random.nextInt(5);
        int acceptable = 0;
        for (int i = 0; i < count; i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("type", "pageview");
            record.put("timestamp", "2026-01-06T05:27:20.000Z");
            record.put("visitorId", UUID.randomUUID().toString());
            record.put("sessionId", "s" + UUID.randomUUID());
            record.put("href", href(false));
            record.put("countryCode", "US");
            switch (random.nextInt(9)) {
                case 0 -> record.put("timestamp", pick(BAD_TIMESTAMPS));
                case 1 -> record.put(pick(new String[] {"href", "referrer", "visitorId", "sessionId", "type", "city",
                        "region", "browser", "os", "device", "userAgent", "ip"}), withControl("x-value"));
                case 2 -> record.put("href", pick(NON_HTTP_URLS));
                case 3 -> { record.put("href", href(true)); acceptable++; }
                case 4 -> { record.put("type", "external_link"); record.put("extraData", Map.of("url",
                        pick(NON_HTTP_URLS))); }
                case 5 -> { record.put("type", "custom"); record.put("extraData", Map.of("eventName", "signup",
                        withControl("plan"), "pro")); }
                default -> {
                    record.clear();
                    record.put("type", "payment");
                    record.put("amount", "19.99");
                    record.put("currency", "USD");
                    record.put("transaction_id", "tx_" + random.nextLong());
                    record.put("timestamp", "2026-01-06T05:27:20.000Z");
                    switch (random.nextInt(5)) {
                        case 0 -> record.put("amount", pick(BAD_AMOUNTS));
                        case 1 -> record.put("currency", pick(BAD_CURRENCIES));
                        case 2 -> record.put("timestamp", pick(BAD_TIMESTAMPS));
                        case 3 -> record.put("email", withControl("ada@example.com"));
                        default -> record.put("datafast_visitor_id", pick(new String[] {"not-a-uuid",
                                withControl(target.visitorId())}));
                    }
                }
            }
            lines.append(MalformedRequests.write(record)).append('\n');
        }
        return new Request("POST", "/api/v1/import", "application/x-ndjson", "Bearer " + target.apiKey(),
                lines.toString().getBytes(StandardCharsets.UTF_8), "hostile import lines", true, acceptable);
    }

    private Request json(String method, String path, String authorization, Map<String, Object> body,
                         String description, int acceptable) {
        return new Request(method, path, "application/json", authorization,
                MalformedRequests.write(body).getBytes(StandardCharsets.UTF_8), description, false, acceptable);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    static List<String> controlCharacters() {
        return List.of(CONTROL);
    }
}
