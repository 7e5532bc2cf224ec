package dev.meridian.http.tracking;

import dev.meridian.http.web.StaticAsset;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /js/script.js}: the tracking script of API.md §3 (resource {@code dev/meridian/http/tracker/script.js},
 * hand-written, no dependencies). Cached for an hour by browsers and proxies, revalidated by ETag.
 */
@Controller
public class TrackerScriptController {

    static final String RESOURCE = "dev/meridian/http/tracker/script.js";
    static final String CACHE_CONTROL = "public, max-age=3600";

    private final StaticAsset script = StaticAsset.load(RESOURCE, StaticAsset.JAVASCRIPT, CACHE_CONTROL);

    @Get("/js/script.js")
    @ApiResponse(responseCode = "200", description = "the tracker", content = @Content(mediaType = "application/javascript"))
    public HttpResponse<byte[]> script(HttpRequest<?> request) {
        return script.respond(request);
    }
}
