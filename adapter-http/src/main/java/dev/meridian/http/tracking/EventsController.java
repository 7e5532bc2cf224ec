package dev.meridian.http.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.http.json.Success;
import dev.meridian.ports.in.TrackEvent;
import dev.meridian.ports.in.TrackResult;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.cors.CrossOrigin;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/events}: one event from a browser or the SDK (API.md §3). Public and open to every
 * origin. {@code text/plain} is accepted because {@code navigator.sendBeacon} sends a string body as such;
 * the body is JSON either way. A blocking-pool thread runs the checks and queues the event
 * ({@link TrackEvent#trackAsync}: a website not cached may be read from storage) and is free again; no thread waits
 * for the commit: the answer is made on the connection's event loop when the stage completes.
 */
@Controller("/api/events")
@ErrorResponses
// Any origin may post; the regex (rather than "any") keeps Micronaut's drive-by-localhost guard from
// refusing the tracker when the server itself answers on localhost. No cookies or credentials are needed.
@CrossOrigin(allowedOriginsRegex = ".*",
        allowedMethods = {HttpMethod.POST, HttpMethod.OPTIONS},
        allowedHeaders = {HttpHeaders.CONTENT_TYPE},
        allowCredentials = false)
public class EventsController {

    private final TrackEvent trackEvent;
    private final ClientIpResolver clientIpResolver;

    public EventsController(TrackEvent trackEvent, ClientIpResolver clientIpResolver) {
        this.trackEvent = trackEvent;
        this.clientIpResolver = clientIpResolver;
    }

    @Post
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/TrackRequest")))
    public CompletionStage<Success<Tracked>> track(HttpRequest<?> request, @Body @Nullable byte[] body) {
        JsonObjectBody json = JsonObjectBody.parse(body);
        String clientIp = clientIpResolver.resolve(request);
        String userAgent = request.getHeaders().get(HttpHeaders.USER_AGENT);
        // a refused event throws here (4xx, nothing queued); the answer is written when storage has committed it
        CompletionStage<TrackResult> tracked = trackEvent.trackAsync(TrackPayload.toCommand(json, clientIp, userAgent));
        // the stage completes on the storage's writer thread: the answer (filters, JSON, the write) is the
        // connection's event loop's work, so the writer goes on to its next batch at once
        if (request instanceof NettyHttpRequest<?> netty) {
            return tracked.thenApplyAsync(EventsController::answer, netty.getChannelHandlerContext().executor());
        }
        return tracked.thenApply(EventsController::answer);
    }

    private static Success<Tracked> answer(TrackResult result) {
        return Success.of(new Tracked(result.visitorId(), result.eventId()));
    }

    /** {@code data} of the answer; {@code eventId} is null when the event was dropped as a robot's. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"visitorId", "eventId"})
    public record Tracked(@JsonProperty("visitorId") String visitorId, @JsonProperty("eventId") @Nullable String eventId) {
    }
}
