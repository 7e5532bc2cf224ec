package dev.meridian.http.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A file of the classpath served as it is (the tracker script, the live map page and its libraries): read
 * once at start-up (a missing file fails start-up, naming it), answered with its content type, a
 * Cache-Control, an ETag of its content (a matching {@code If-None-Match} gets 304) and extra headers.
 */
public record StaticAsset(byte[] content, String contentType, String cacheControl, String etag,
        Map<String, String> headers) {

    public static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";
    public static final String CSS = "text/css; charset=utf-8";
    public static final String JSON = "application/json";

    public StaticAsset {
        headers = Map.copyOf(headers);
    }

    public static StaticAsset load(String classpathPath, String contentType, String cacheControl,
            Map<String, String> headers) {
        byte[] content = read(classpathPath);
        return new StaticAsset(content, contentType, cacheControl, "\"" + sha256(content) + "\"", headers);
    }

    public static StaticAsset load(String classpathPath, String contentType, String cacheControl) {
        return load(classpathPath, contentType, cacheControl, Map.of());
    }

    public MutableHttpResponse<byte[]> respond(HttpRequest<?> request) {
        List<String> ifNoneMatch = request.getHeaders().getAll(HttpHeaders.IF_NONE_MATCH);
        boolean unchanged = ifNoneMatch.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("*"));
        MutableHttpResponse<byte[]> response = unchanged ? HttpResponse.notModified() : HttpResponse.ok(content);
        response.header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.ETAG, etag)
                .header("X-Content-Type-Options", "nosniff");
        headers.forEach(response::header);
        return response;
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static byte[] read(String classpathPath) {
        try (InputStream in = StaticAsset.class.getClassLoader().getResourceAsStream(classpathPath)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + classpathPath + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + classpathPath, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
