package dev.meridian.http.error;

import dev.meridian.http.imports.ImportController;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The 64 KiB body limit of API.md §1 on every route but the streamed import ({@code POST /api/v1/import}),
 * refused with 413 before anything reads the body.
 *
 * <p>Why a filter: Micronaut's limits are server-wide. {@code micronaut.server.max-request-size} counts streamed
 * bodies too, so it must allow an import of any size; {@code micronaut.server.max-request-buffer-size} caps what
 * is buffered, and even a streamed body is buffered up to 64 KiB (plus one network read) before its route starts
 * reading, so it must be somewhat larger than 64 KiB (256 KiB). This filter holds every declared body
 * ({@code Content-Length}) to {@code meridian.http.max-body-size} (64 KiB); a chunked body without a length is
 * held to the buffer limit.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
public class BodySizeLimitFilter implements Ordered {

    private final long maxBodySize;

    public BodySizeLimitFilter(@Value("${meridian.http.max-body-size:65536}") long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @PreMatching
    @RequestFilter
    @Nullable
    public HttpResponse<ErrorEnvelope> refuseLargeBodies(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length <= maxBodySize || isImport(request)) {
            return null;
        }
        return HttpResponse.<ErrorEnvelope>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                .body(ErrorEnvelope.of(413, "Request body is " + length + " bytes; at most " + maxBodySize
                        + " are accepted"))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static boolean isImport(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals(ImportController.PATH) || path.equals(ImportController.PATH + "/");
    }

    /** Right after {@link EmptyErrorBodyFilter}: before routing, so no body is read. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1;
    }
}
