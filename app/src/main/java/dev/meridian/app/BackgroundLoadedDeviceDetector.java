package dev.meridian.app;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.out.DeviceDetector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A detector that is built on its own thread: from construction on ({@link #BackgroundLoadedDeviceDetector}, the
 * server), or only when the first call needs it ({@link #onFirstUse}, the import command, whose files usually
 * give browser, OS and device themselves, so loading the parser's rules would cost a second of CPU for
 * nothing). Until it is ready, {@link #detect} waits for it, so no event is ever classified by a half-loaded
 * parser; a failed load fails every call with the load's cause. Once loaded, a call costs one volatile read on
 * top of the loaded detector's (no compare-and-set or future on the tracking path).
 */
final class BackgroundLoadedDeviceDetector implements DeviceDetector {

    private final CompletableFuture<DeviceDetector> loaded = new CompletableFuture<>();
    private final Supplier<? extends DeviceDetector> loader;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The loaded detector, once {@link #loaded} has completed normally; read first by every call. */
    private volatile DeviceDetector ready;

    /** Starts loading now. */
    BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader) {
        this(loader, true);
    }

    private BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader, boolean startNow) {
        this.loader = loader;
        if (startNow) {
            start();
        }
    }

    /** Starts loading when {@link #detect} is first called. */
    static BackgroundLoadedDeviceDetector onFirstUse(Supplier<? extends DeviceDetector> loader) {
        return new BackgroundLoadedDeviceDetector(loader, false);
    }

    private void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                loaded.complete(loader.get());
            } catch (RuntimeException | Error e) {
                loaded.completeExceptionally(e);
            }
        }, "device-detector-loader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public ClientDevice detect(String userAgent) {
        DeviceDetector detector = ready;
        return (detector != null ? detector : awaitLoaded()).detect(userAgent);
    }

    private DeviceDetector awaitLoaded() {
        start();
        try {
            DeviceDetector detector = loaded.join();
            ready = detector;
            return detector;
        } catch (CompletionException e) {
            throw new IllegalStateException("the User-Agent parser failed to load", e.getCause());
        }
    }

    boolean isReady() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }
}
