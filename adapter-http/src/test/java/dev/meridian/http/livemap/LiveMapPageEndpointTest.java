package dev.meridian.http.livemap;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@MicronautTest
class LiveMapPageEndpointTest {

    @Inject
    @Client("/")
    HttpClient client;

    private HttpResponse<byte[]> get(String path) {
        return client.toBlocking().exchange(HttpRequest.GET(path), byte[].class);
    }

    private String text(String path) {
        return new String(get(path).body(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageIsHtmlThatMayOnlyLoadThisServersScriptsAndStyles() {
        HttpResponse<byte[]> page = get("/map");

        assertThat(page.code()).isEqualTo(200);
        assertThat(page.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "connect-src 'self'");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void everyFileThePageReferencesIsServedFromThisServer() {
        String html = text("/map");
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (references.find()) {
            String reference = references.group(1);
            assertThat(reference).as("no file from the internet").startsWith("/map/");
            assertThat(get(reference).code()).as(reference).isEqualTo(200);
            count++;
        }
        assertThat(count).isEqualTo(5);
    }

    @Test
    void eachFileHasItsContentType() {
        Map<String, String> types = Map.of(
                "/map/map.js", "application/javascript; charset=utf-8",
                "/map/map.css", "text/css; charset=utf-8",
                "/map/d3-geo.min.js", "application/javascript; charset=utf-8",
                "/map/d3-array.min.js", "application/javascript; charset=utf-8",
                "/map/topojson-client.min.js", "application/javascript; charset=utf-8",
                "/map/countries-110m.json", "application/json");
        types.forEach((path, type) -> assertThat(get(path).header(HttpHeaders.CONTENT_TYPE)).as(path).isEqualTo(type));
    }

    @Test
    void theLibrariesAreTheRealOnes() {
        assertThat(text("/map/d3-geo.min.js")).contains("geoNaturalEarth1", "geoPath");
        assertThat(text("/map/topojson-client.min.js")).contains("topojson");
        assertThat(text("/map/countries-110m.json")).contains("\"countries\"", "\"arcs\"");
    }

    @Test
    void anUnknownFileIs404WithTheEnvelope() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/map/secrets.txt"),
                Argument.STRING, Argument.STRING);

        assertErrorEnvelope(response, 404);
    }

    @Test
    void thePageAndTheTrackerNeverParseStringsAsHtml() {
        for (String script : new String[] {text("/map/map.js"), text("/js/script.js")}) {
            assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                    "eval(", "new Function");
        }
    }
}
