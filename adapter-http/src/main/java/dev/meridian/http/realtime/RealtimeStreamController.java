package dev.meridian.http.realtime;

import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.WatchRealtimeMap;
import dev.meridian.ports.model.Permission;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * {@code GET /api/v1/analytics/realtime/stream}: the realtime map as server-sent events, for the live map page
 * (docs/live-map.md). Same credentials and website choice as the map endpoint, checked before the stream
 * opens (so a refusal is the usual JSON error); then {@code event: map} frames whose data is a
 * {@link LiveMapJson}, pushed when the map changes ({@link WatchRealtimeMap}), and {@code : heartbeat} comments.
 * The credential goes in the {@code Authorization} header only, never in the URL.
 */
@Controller("/api/v1/analytics/realtime/stream")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class RealtimeStreamController {

    private final Authenticate authenticate;
    private final GetRealtimeMap getRealtimeMap;
    private final WatchRealtimeMap watchRealtimeMap;
    private final Pseudonyms pseudonyms;
    private final JsonMapper json;
    private final ScheduledExecutorService scheduler;
    private final LiveMapStream.Timing timing;
    private final AtomicInteger openStreams = new AtomicInteger();

    public RealtimeStreamController(Authenticate authenticate, GetRealtimeMap getRealtimeMap,
            WatchRealtimeMap watchRealtimeMap, JsonMapper json,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
            @Value("${meridian.realtime-stream.min-interval:500ms}") Duration minInterval,
            @Value("${meridian.realtime-stream.heartbeat:15s}") Duration heartbeat,
            @Value("${meridian.realtime-stream.refresh:30s}") Duration refresh) {
        this.authenticate = authenticate;
        this.getRealtimeMap = getRealtimeMap;
        this.watchRealtimeMap = watchRealtimeMap;
        this.pseudonyms = Pseudonyms.standard();
        this.json = json;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "realtime-stream-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.timing = new LiveMapStream.Timing(minInterval, heartbeat, refresh, scheduler, blocking);
    }

    /** Streams open now (the {@code meridian.realtime.streams} gauge, docs/operations.md). */
    public int openStreams() {
        return openStreams.get();
    }

    /** The streams' timers; the maps are read on the blocking executor, never on this thread. */
    @PreDestroy
    void stopTimers() {
        scheduler.shutdownNow();
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @ApiResponse(responseCode = "200", description = "`event: map` frames (data: the live map JSON, docs/live-map.md) and "
            + "`: heartbeat` comments", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string")))
    public HttpResponse<Flux<byte[]>> stream(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
            @QueryValue("websiteId") @Nullable String websiteId,
            @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
            @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization) {
        String requested = websiteId != null ? websiteId : websiteIdSnakeCase;
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ, requested);
        // every map pushed checks the credential again, so a revoked key's open stream ends at its next push
        // (a change, or the periodic refresh) instead of showing the map for as long as the page stays open
        Supplier<String> stillAllowedMap = () -> {
            authenticate.websiteFor(authenticate.authenticate(authorization), Permission.ANALYTICS_READ, requested);
            return mapJson(website);
        };
        Flux<byte[]> frames = Flux.create(sink -> {
            LiveMapStream stream = new LiveMapStream(website, stillAllowedMap, sink::next, sink::error,
                    timing);
            openStreams.incrementAndGet();
            sink.onDispose(() -> {
                openStreams.decrementAndGet();
                stream.close();
            });
            stream.start(watchRealtimeMap);
        }, FluxSink.OverflowStrategy.BUFFER);
        return HttpResponse.ok(frames)
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Accel-Buffering", "no");
    }

    private String mapJson(String website) {
        try {
            return json.writeValueAsString(LiveMapJson.from(getRealtimeMap.realtimeMap(website), pseudonyms));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realtime map as JSON", e);
        }
    }
}
