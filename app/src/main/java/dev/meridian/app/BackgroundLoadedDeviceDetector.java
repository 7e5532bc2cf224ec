package dev.meridian.app;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.out.DeviceDetector;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A detector that is built on its own thread: from construction on ({@link #startNow}), from a load started
 * earlier ({@link #of}: the server starts the User-Agent parser's load before anything else), or only when the first
 * call needs it ({@link #onFirstUse}, the import command, whose files usually give browser, OS and device
 * themselves, so loading the parser would cost CPU for nothing). Until it is ready, {@link #detect} waits for it,
 * so no event is ever classified by a half-loaded parser; a failed load fails every call with the load's cause.
 * Once loaded, a call costs one volatile read on top of the loaded detector's (no compare-and-set or future on the
 * tracking path).
 */
final class BackgroundLoadedDeviceDetector implements DeviceDetector {

    private final CompletableFuture<DeviceDetector> loaded = new CompletableFuture<>();
    /** What {@link #start} runs; null when the load was started elsewhere ({@link #of}). */
    private final Supplier<? extends DeviceDetector> loader;
    private final AtomicBoolean started;
    /** The loaded detector, once {@link #loaded} has completed normally; read first by every call. */
    private volatile DeviceDetector ready;

    private BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader) {
        this.loader = loader;
        this.started = new AtomicBoolean(loader == null);
    }

    /** Starts loading now, on a thread of its own. */
    static BackgroundLoadedDeviceDetector startNow(Supplier<? extends DeviceDetector> loader) {
        BackgroundLoadedDeviceDetector detector = onFirstUse(loader);
        detector.start();
        return detector;
    }

    /** Starts loading when {@link #detect} is first called. */
    static BackgroundLoadedDeviceDetector onFirstUse(Supplier<? extends DeviceDetector> loader) {
        return new BackgroundLoadedDeviceDetector(Objects.requireNonNull(loader));
    }

    /** Over a load already under way (see {@link #load}). */
    static BackgroundLoadedDeviceDetector of(CompletableFuture<? extends DeviceDetector> loading) {
        BackgroundLoadedDeviceDetector detector = new BackgroundLoadedDeviceDetector(null);
        loading.whenComplete(detector::settle);
        return detector;
    }

    /** Runs {@code loader} on a new daemon thread named {@code device-detector-loader}. */
    static <T> CompletableFuture<T> load(Supplier<T> loader) {
        CompletableFuture<T> loaded = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                loaded.complete(loader.get());
            } catch (RuntimeException | Error e) {
                loaded.completeExceptionally(e);
            }
        }, "device-detector-loader");
        thread.setDaemon(true);
        thread.start();
        return loaded;
    }

    private void start() {
        if (started.compareAndSet(false, true)) {
            load(loader).whenComplete(this::settle);
        }
    }

    private void settle(DeviceDetector detector, Throwable failure) {
        if (failure == null) {
            loaded.complete(detector);
        } else {
            loaded.completeExceptionally(failure); // a CompletionException from a stage keeps its cause for join()
        }
    }

    @Override
    public ClientDevice detect(String userAgent) {
        DeviceDetector detector = ready;
        return (detector != null ? detector : awaitLoaded()).detect(userAgent);
    }

    /**
     * Waits until the detector is loaded (starting the load if nobody has yet).
     *
     * @throws IllegalStateException when the load failed, with the load's failure as its cause
     */
    DeviceDetector awaitLoaded() {
        start();
        try {
            DeviceDetector detector = loaded.join();
            ready = detector;
            return detector;
        } catch (CompletionException e) {
            throw new IllegalStateException("the User-Agent parser failed to load", e.getCause());
        }
    }

    /** Loaded and usable: {@link #detect} answers without waiting. */
    boolean isReady() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }
}
