package dev.meridian.http.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /openapi.yml}: the OpenAPI 3 document of every route, generated from the controllers at compile time
 * by micronaut-openapi ({@code openapi.properties}) and merged with {@code src/main/openapi/*.yml}, which says what
 * the annotations cannot (the envelopes, NDJSON, the event stream, the operations routes). {@code OpenApiDocumentTest}
 * (app) checks real answers of every route against it.
 */
@OpenAPIDefinition(info = @Info(title = "Meridian", version = "1",
        description = "Self-hosted, revenue-aware realtime web analytics: the HTTP API (docs/api.md).",
        license = @License(name = "See the repository")))
@Controller
public class OpenApiController {

    static final String RESOURCE = "META-INF/swagger/meridian.yml";
    static final String YAML = "application/yaml";

    private final StaticAsset document = StaticAsset.load(RESOURCE, YAML, "no-cache");

    @Get("/openapi.yml")
    @ApiResponse(responseCode = "200", description = "this document", content = @Content(mediaType = YAML))
    public HttpResponse<byte[]> document(HttpRequest<?> request) {
        return document.respond(request);
    }
}
