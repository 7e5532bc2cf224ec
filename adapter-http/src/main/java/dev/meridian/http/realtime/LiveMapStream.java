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
 */
final class LiveMapStream implements AutoCloseable {

    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    /** How often the stream writes what, and where the work runs. */
    record Timing(Duration minInterval, Duration heartbeatInterval, Duration refreshInterval,
            ScheduledExecutorService scheduler, Executor blocking) {
    }

    private final String websiteId;
    private final Supplier<String> mapJson;
    private final Consumer<byte[]> out;
    private final Consumer<RuntimeException> failure;
    private final Timing timing;

    private final Object state = new Object();
    private final Object pushing = new Object();
    private boolean pending;
    private boolean closed;
    private long lastPushNanos;
    private boolean pushedBefore;
    private WatchRealtimeMap.Subscription subscription;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> refresh;

    /**
     * @param mapJson  reads the website's map now, as the JSON of a {@code map} event's data (one line)
     * @param out      receives each frame, from one thread at a time
     * @param failure  told when reading the map failed; the stream is closed by then
     */
    LiveMapStream(String websiteId, Supplier<String> mapJson, Consumer<byte[]> out,
            Consumer<RuntimeException> failure, Timing timing) {
        this.websiteId = websiteId;
        this.mapJson = mapJson;
        this.out = out;
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
        long delayNanos;
        synchronized (state) {
            if (pending || closed) {
                return;
            }
            pending = true;
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
                if (closed) {
                    return;
                }
                pending = false;
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
            emit(mapFrame(json));
        }
    }

    private void beat() {
        synchronized (pushing) {
            emit(HEARTBEAT);
        }
    }

    private void emit(byte[] frame) {
        synchronized (state) {
            if (closed) {
                return;
            }
        }
        out.accept(frame);
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
