package dev.meridian.http.realtime;

import dev.meridian.ports.in.WatchRealtimeMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client's realtime stream, as server-sent event frames: a {@code map} event at once, then one after each
 * change of the website's map, at most one per {@code minInterval} (a burst of changes becomes one push, and
 * the last change of a burst is always pushed); the map also every {@code refreshInterval} so visitors who
 * left the window disappear; and a comment every {@code heartbeatInterval} so proxies keep the connection.
 * Maps are read on the blocking executor, one at a time, in order. {@link #close()} (the client went away)
 * ends the subscription and the timers.
 *
 * <p>A frame is written only when the client has taken the previous ones ({@link Client#wantsFrame()}: the
 * connection asked for more). Until then changes are only remembered, never read nor queued: when the client
 * asks again ({@link #demanded()}), it gets the map as it is then, one frame however many changes it missed, and
 * heartbeats that it could not take are skipped. So a client that does not read costs one flag, not a queue of
 * maps.
 */
final class LiveMapStream implements AutoCloseable {

    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    /** How often the stream writes what, and where the work runs. */
    record Timing(Duration minInterval, Duration heartbeatInterval, Duration refreshInterval,
            ScheduledExecutorService scheduler, Executor blocking) {
    }

    /** The connection frames are written to. */
    interface Client {

        /** Whether the client asked for another frame, having taken the ones before. */
        boolean wantsFrame();

        /** Writes a frame; called only after {@link #wantsFrame()} said yes, from one thread at a time. */
        void send(byte[] frame);
    }

    private final String websiteId;
    private final Supplier<String> mapJson;
    private final Client client;
    private final Consumer<RuntimeException> failure;
    private final Timing timing;

    private final Object state = new Object();
    private final Object pushing = new Object();
    /** A change not yet pushed: the map must be read and sent. */
    private boolean dirty;
    /** A push is scheduled or queued on the blocking executor. */
    private boolean scheduled;
    private boolean closed;
    private long lastPushNanos;
    private boolean pushedBefore;
    private long mapsSent;
    private long pushesHeld;
    private long heartbeatsSkipped;
    private WatchRealtimeMap.Subscription subscription;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> refresh;

    /**
     * @param mapJson  reads the website's map now, as the JSON of a {@code map} event's data (one line)
     * @param client   receives each frame
     * @param failure  told when reading the map failed; the stream is closed by then
     */
    LiveMapStream(String websiteId, Supplier<String> mapJson, Client client,
            Consumer<RuntimeException> failure, Timing timing) {
        this.websiteId = websiteId;
        this.mapJson = mapJson;
        this.client = client;
        this.failure = failure;
        this.timing = timing;
    }

    static byte[] mapFrame(String json) {
        return ("event: map\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    void start(WatchRealtimeMap changes) {
        WatchRealtimeMap.Subscription opened = changes.subscribe(websiteId, this::changed);
        long heartbeatMillis = timing.heartbeatInterval().toMillis();
        long refreshMillis = timing.refreshInterval().toMillis();
        synchronized (state) {
            if (closed) {
                opened.close();
                return;
            }
            subscription = opened;
            heartbeat = timing.scheduler().scheduleAtFixedRate(this::beat, heartbeatMillis, heartbeatMillis,
                    TimeUnit.MILLISECONDS);
            refresh = timing.scheduler().scheduleAtFixedRate(this::changed, refreshMillis, refreshMillis,
                    TimeUnit.MILLISECONDS);
        }
        changed();
    }

    /** The map may have changed: push it now, or when {@code minInterval} has passed since the last push. */
    void changed() {
        synchronized (state) {
            if (closed) {
                return;
            }
            dirty = true;
        }
        schedulePush();
    }

    /** The client asked for more frames: a change it could not take before is pushed now. */
    void demanded() {
        schedulePush();
    }

    private void schedulePush() {
        long delayNanos;
        synchronized (state) {
            if (closed || !dirty || scheduled) {
                return;
            }
            scheduled = true;
            long sinceLast = System.nanoTime() - lastPushNanos;
            delayNanos = pushedBefore ? Math.max(0, timing.minInterval().toNanos() - sinceLast) : 0;
        }
        try {
            timing.scheduler().schedule(() -> timing.blocking().execute(this::push), delayNanos,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            close();
        }
    }

    private void push() {
        synchronized (pushing) {
            synchronized (state) {
                scheduled = false;
                if (closed || !dirty) {
                    return;
                }
                if (!client.wantsFrame()) {
                    pushesHeld++; // stays dirty: demanded() pushes the map as it is then
                    return;
                }
                dirty = false;
                pushedBefore = true;
                lastPushNanos = System.nanoTime();
            }
            String json;
            try {
                json = mapJson.get();
            } catch (RuntimeException e) {
                close();
                failure.accept(e);
                return;
            }
            if (emit(mapFrame(json))) {
                synchronized (state) {
                    mapsSent++;
                }
            }
        }
    }

    private void beat() {
        synchronized (pushing) {
            if (!client.wantsFrame()) {
                synchronized (state) {
                    heartbeatsSkipped++;
                }
                return;
            }
            emit(HEARTBEAT);
        }
    }

    private boolean emit(byte[] frame) {
        synchronized (state) {
            if (closed) {
                return false;
            }
        }
        client.send(frame);
        return true;
    }

    /** Maps written to the client so far. */
    long mapsSent() {
        synchronized (state) {
            return mapsSent;
        }
    }

    /** Pushes postponed because the client had not taken the frames before. */
    long pushesHeld() {
        synchronized (state) {
            return pushesHeld;
        }
    }

    /** Heartbeats not written because the client had not taken the frames before. */
    long heartbeatsSkipped() {
        synchronized (state) {
            return heartbeatsSkipped;
        }
    }

    @Override
    public void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            if (subscription != null) {
                subscription.close();
                heartbeat.cancel(false);
                refresh.cancel(false);
            }
        }
    }
}
