package dev.meridian.http.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.Success;
import dev.meridian.http.limits.ConcurrentLimit;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code POST /api/v1/import} (API.md §7): NDJSON history, streamed line by line into {@link ImportHistory}; the
 * body is never held whole, and the 64 KiB limit of other bodies does not apply (see docs/import.md). At most one
 * import per website and a few in all run at once ({@link ImportAdmission}: 429 otherwise, before the body is read).
 */
@Controller(ImportController.PATH)
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class ImportController {

    public static final String PATH = "/api/v1/import";
    public static final String NDJSON = "application/x-ndjson";

    private final Authenticate authenticate;
    private final ImportHistory importHistory;
    private final ImportAdmission admission;

    public ImportController(Authenticate authenticate, ImportHistory importHistory, ImportAdmission admission) {
        this.authenticate = authenticate;
        this.importHistory = importHistory;
        this.admission = admission;
    }

    @Post
    @Consumes(NDJSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RequestBody(required = true, content = @Content(mediaType = NDJSON, schema = @Schema(ref = "#/components/schemas/ImportLines")))
    public Success<Imported> importHistory(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                           @QueryValue("websiteId") @Nullable String websiteId,
                                           @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
                                           HttpRequest<?> request) {
        String website = authenticate.websiteFor(caller, Permission.WEBSITES_WRITE,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        // The raw body as a stream, not a @Body parameter: body binding buffers the whole body, which the 64 KiB
        // buffer limit of every other route (micronaut.server.max-request-buffer-size) refuses.
        if (!(request instanceof ServerHttpRequest<?> server)) {
            throw new IllegalStateException("not a server request: " + request.getClass());
        }
        try (ConcurrentLimit.Lease running = admission.admit(website);
                InputStream in = server.byteBody().toInputStream()) {
            return Success.of(Imported.of(importHistory.run(website, new NdjsonLines(in))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} of the answer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"accepted", "rejected", "eventsStored", "paymentsStored", "alreadyStored", "robots", "rejections"})
    public record Imported(@JsonProperty("accepted") long accepted,
                           @JsonProperty("rejected") long rejected,
                           @JsonProperty("eventsStored") long eventsStored,
                           @JsonProperty("paymentsStored") long paymentsStored,
                           @JsonProperty("alreadyStored") long alreadyStored,
                           @JsonProperty("robots") long robots,
                           @JsonProperty("rejections") List<Rejected> rejections) {

        static Imported of(ImportReport report) {
            return new Imported(report.accepted(), report.rejected(), report.eventsStored(), report.paymentsStored(),
                    report.alreadyStored(), report.robots(),
                    report.rejections().stream().map(r -> new Rejected(r.line(), r.reason())).toList());
        }
    }

    /** A rejected line: its 1-based number and why. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"line", "reason"})
    public record Rejected(@JsonProperty("line") long line, @JsonProperty("reason") String reason) {
    }
}
