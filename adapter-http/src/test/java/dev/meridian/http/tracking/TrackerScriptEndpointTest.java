package dev.meridian.http.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

@MicronautTest
class TrackerScriptEndpointTest {

    /** The tracker must stay small: under 6 KiB gzipped (docs/live-map.md). */
    static final int MAX_GZIP_BYTES = 6144;

    @Inject
    @Client("/")
    HttpClient client;

    private HttpResponse<byte[]> get(HttpRequest<?> request) {
        return client.toBlocking().exchange(request, byte[].class);
    }

    @Test
    void theScriptIsServedAsUtf8JavaScriptWithAModestCacheLifetime() {
        HttpResponse<byte[]> response = get(HttpRequest.GET("/js/script.js"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/javascript; charset=utf-8");
        assertThat(response.header(HttpHeaders.CACHE_CONTROL)).isEqualTo("public, max-age=3600");
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("datafast_visitor_id", "datafast_session_id", "/api/events", "data-fast-goal");
    }

    @Test
    void anUnchangedScriptIsAnswered304ByItsEtag() {
        String etag = get(HttpRequest.GET("/js/script.js")).header(HttpHeaders.ETAG);

        HttpResponse<byte[]> again = get(HttpRequest.GET("/js/script.js").header(HttpHeaders.IF_NONE_MATCH, etag));

        assertThat(etag).isNotBlank();
        assertThat(again.code()).isEqualTo(304);
    }

    @Test
    void theServedScriptIsUnder6KibGzipped() throws IOException {
        byte[] script = get(HttpRequest.GET("/js/script.js")).body();

        int gzipped = gzipSize(script);
        System.out.printf("tracker script: %d bytes, %d bytes gzipped (level 9)%n", script.length, gzipped);
        assertThat(gzipped).isLessThan(MAX_GZIP_BYTES);
    }

    static int gzipSize(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(content);
        }
        return out.size();
    }
}
