package dev.meridian.http.realtime;

import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.limits.ConcurrentLimit;
import dev.meridian.http.limits.CredentialKey;
import dev.meridian.http.tracking.ClientIpResolver;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.in.WatchRealtimeMap;
import dev.meridian.ports.model.Permission;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/analytics/realtime/stream}: the realtime map as server-sent events, for the live map page
 * (docs/live-map.md). Same credentials and website choice as the map endpoint, checked before the stream
 * opens (so a refusal is the usual JSON error); then {@code event: map} frames whose data is a
 * {@link LiveMapJson}, pushed when the map changes ({@link WatchRealtimeMap}), and {@code : heartbeat} comments.
 * The credential goes in the {@code Authorization} header only, never in the URL.
 *
 * <p>Streams are capped per credential, per client address and in total ({@link StreamAdmission}; over a cap: 429
 * before the stream opens). A client that does not read holds no backlog: frames are produced only as the
 * connection asks for them (Micronaut asks for the next one when Netty has written the last), changes meanwhile
 * are remembered as one flag, and the client gets the map as it is when it reads again ({@link LiveMapStream}).
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
    private final StreamAdmission admission;
    private final Scheduler blockingScheduler;
    private final ClientIpResolver clientIps;

    public RealtimeStreamController(Authenticate authenticate, GetRealtimeMap getRealtimeMap,
            WatchRealtimeMap watchRealtimeMap, JsonMapper json, StreamAdmission admission, ClientIpResolver clientIps,
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
        this.blockingScheduler = Schedulers.fromExecutorService(blocking);
        this.admission = admission;
        this.clientIps = clientIps;
    }

    /** Streams open now on this node (the {@code meridian.realtime.streams} gauge, docs/operations.md). */
    public int openStreams() {
        return admission.open();
    }

    /** The streams' timers; the maps are read on the blocking executor, never on this thread. */
    @PreDestroy
    void stopTimers() {
        scheduler.shutdownNow();
    }

    /** An admitted stream whose response is not written within this time gives its place back. */
    private static final long UNOPENED_RELEASE_SECONDS = 30;
    private static final int WAITING = 0;
    private static final int OPENED = 1;
    private static final int ABANDONED = 2;

    /**
     * Checks the credential and the caps on the blocking executor, then answers with the stream. Not
     * {@code @ExecuteOn}: for a route with an executor Micronaut also moves the response body through
     * {@code publishOn}, which asks for 256 frames ahead and would queue up to 256 maps for a client that does not
     * read; without it the frames are asked for one at a time, as the connection writes them.
     */
    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ApiResponse(responseCode = "200", description = "`event: map` frames (data: the live map JSON, docs/live-map.md) and "
            + "`: heartbeat` comments", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string")))
    public Mono<HttpResponse<Flux<byte[]>>> stream(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
            @QueryValue("websiteId") @Nullable String websiteId,
            @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
            @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
            HttpRequest<?> request) {
        return Mono.fromCallable(() -> open(caller, websiteId, websiteIdSnakeCase, authorization, request))
                .subscribeOn(blockingScheduler);
    }

    private HttpResponse<Flux<byte[]>> open(Caller caller, @Nullable String websiteId,
            @Nullable String websiteIdSnakeCase, @Nullable String authorization, HttpRequest<?> request) {
        String requested = websiteId != null ? websiteId : websiteIdSnakeCase;
        String website = authenticate.websiteFor(caller, Permission.ANALYTICS_READ, requested);
        // every map pushed checks the credential again, so a revoked key's open stream ends at its next push
        // (a change, or the periodic refresh) instead of showing the map for as long as the page stays open
        Supplier<String> stillAllowedMap = () -> {
            authenticate.websiteFor(authenticate.authenticate(authorization), Permission.ANALYTICS_READ, requested);
            return mapJson(website);
        };
        ConcurrentLimit.Lease place = admission.admit(CredentialKey.of(authorization), clientIps.limitKey(request));
        // the place is given back when the stream ends; a response that is never written (the client left before)
        // never subscribes, so its place is given back after a while instead
        AtomicInteger opening = new AtomicInteger(WAITING);
        scheduler.schedule(() -> {
            if (opening.compareAndSet(WAITING, ABANDONED)) {
                place.close();
            }
        }, UNOPENED_RELEASE_SECONDS, TimeUnit.SECONDS);
        Flux<byte[]> frames = Flux.create(sink -> {
            if (!opening.compareAndSet(WAITING, OPENED)) {
                sink.complete();
                return;
            }
            LiveMapStream stream = new LiveMapStream(website, stillAllowedMap, new LiveMapStream.Client() {
                @Override
                public boolean wantsFrame() {
                    return sink.requestedFromDownstream() > 0;
                }

                @Override
                public void send(byte[] frame) {
                    sink.next(frame);
                }
            }, sink::error, timing);
            sink.onRequest(more -> stream.demanded());
            sink.onDispose(() -> {
                stream.close();
                place.close();
            });
            stream.start(watchRealtimeMap);
        }, FluxSink.OverflowStrategy.LATEST); // never used: frames are sent only on demand; at worst one is kept
        return HttpResponse.ok(frames)
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Accel-Buffering", "no");
    }

    private String mapJson(String website) {
        try {
            return json.writeValueAsString(LiveMapJson.from(getRealtimeMap.forWebsite(website), pseudonyms));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realtime map as JSON", e);
        }
    }
}
