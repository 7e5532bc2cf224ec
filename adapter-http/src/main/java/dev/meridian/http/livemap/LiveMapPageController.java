package dev.meridian.http.livemap;

import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.web.StaticAsset;
import dev.meridian.ports.error.NotFoundException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.webjars.WebJarVersionLocator;

/**
 * The live map page: {@code GET /map} and its files {@code GET /map/{file}}, all from the classpath, nothing
 * from the internet. d3-geo and d3-array come from their WebJars (Maven Central); topojson-client and the
 * Natural Earth 1:110m countries of world-atlas are vendored beside the page (licences in {@code vendor/}).
 * The page's Content-Security-Policy allows scripts, styles and connections to this server only.
 */
@Controller("/map")
public class LiveMapPageController {

    static final String PAGE_DIR = "dev/meridian/http/livemap/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String OWN_FILES_CACHE = "no-cache";
    static final String LIBRARIES_CACHE = "public, max-age=86400";

    private final StaticAsset page;
    private final Map<String, StaticAsset> files;

    public LiveMapPageController() {
        WebJarVersionLocator webJars = new WebJarVersionLocator();
        this.page = StaticAsset.load(PAGE_DIR + "index.html", StaticAsset.HTML, OWN_FILES_CACHE, Map.of(
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY"));
        this.files = Map.of(
                "map.js", StaticAsset.load(PAGE_DIR + "map.js", StaticAsset.JAVASCRIPT, OWN_FILES_CACHE),
                "map.css", StaticAsset.load(PAGE_DIR + "map.css", StaticAsset.CSS, OWN_FILES_CACHE),
                "d3-array.min.js", StaticAsset.load(webJar(webJars, "d3-array", "dist/d3-array.min.js"),
                        StaticAsset.JAVASCRIPT, LIBRARIES_CACHE),
                "d3-geo.min.js", StaticAsset.load(webJar(webJars, "d3-geo", "dist/d3-geo.min.js"),
                        StaticAsset.JAVASCRIPT, LIBRARIES_CACHE),
                "topojson-client.min.js", StaticAsset.load(PAGE_DIR + "vendor/topojson-client.min.js",
                        StaticAsset.JAVASCRIPT, LIBRARIES_CACHE),
                "countries-110m.json", StaticAsset.load(PAGE_DIR + "vendor/countries-110m.json",
                        StaticAsset.JSON, LIBRARIES_CACHE));
    }

    @Get
    @ApiResponse(responseCode = "200", description = "the page", content = @Content(mediaType = MediaType.TEXT_HTML))
    public HttpResponse<byte[]> page(HttpRequest<?> request) {
        return page.respond(request);
    }

    @Get("/{file}")
    @ApiResponse(responseCode = "200", description = "one of the page's scripts, styles or map data", content = {
        @Content(mediaType = "application/javascript"), @Content(mediaType = "text/css"), @Content(mediaType = "application/json")})
    @ErrorResponses
    public HttpResponse<byte[]> file(HttpRequest<?> request, @PathVariable String file) {
        StaticAsset asset = files.get(file);
        if (asset == null) {
            throw new NotFoundException("no such file of the live map page: " + file);
        }
        return asset.respond(request);
    }

    private static String webJar(WebJarVersionLocator webJars, String webJar, String file) {
        String path = webJars.fullPath(webJar, file);
        if (path == null) {
            throw new IllegalStateException("WebJar " + webJar + " with " + file + " is missing from the classpath");
        }
        return path;
    }
}
