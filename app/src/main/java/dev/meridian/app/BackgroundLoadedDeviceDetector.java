package dev.meridian.app;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.useragent.RememberedClassifications;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A detector that is built on its own thread: from construction on ({@link #startNow}), from a load started
 * earlier ({@link #of}: the server starts the User-Agent parser's load before anything else), or only when the first
 * call needs it ({@link #onFirstUse}, the import command, whose files usually give browser, OS and device
 * themselves, so loading the parser would cost CPU for nothing). Until it is ready, {@link #detect} waits for it,
 * so no event is ever classified by a half-loaded parser; a failed load fails every call with the load's cause.
 * Once loaded, a call costs one volatile read on top of the loaded detector's (no compare-and-set or future on the
 * tracking path).
 *
 * <p>With classifications remembered from the last run ({@link #remembering}), the User-Agents found there are
 * answered at once while the parser loads; only the others wait, and only until the load ends. Once loaded, the
 * parser answers everything.
 */
final class BackgroundLoadedDeviceDetector implements DeviceDetector {

    private final CompletableFuture<DeviceDetector> loaded = new CompletableFuture<>();
    /** What {@link #start} runs; null when the load was started elsewhere ({@link #of}). */
    private final Supplier<? extends DeviceDetector> loader;
    private final AtomicBoolean started;
    /** What the last run's parser answered, used until the parser is loaded (then dropped). */
    private volatile RememberedClassifications remembered;
    /** The loaded detector, once {@link #loaded} has completed normally; read first by every call. */
    private volatile DeviceDetector ready;

    private BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader, RememberedClassifications remembered) {
        this.loader = loader;
        this.started = new AtomicBoolean(loader == null);
        this.remembered = Objects.requireNonNull(remembered);
    }

    private BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader) {
        this(loader, RememberedClassifications.NONE);
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
        return of(loading, RememberedClassifications.NONE);
    }

    /** Over a load already under way, answering {@code remembered} User-Agents until it is done. */
    static BackgroundLoadedDeviceDetector of(CompletableFuture<? extends DeviceDetector> loading,
            RememberedClassifications remembered) {
        BackgroundLoadedDeviceDetector detector = new BackgroundLoadedDeviceDetector(null, remembered);
        loading.whenComplete(detector::settle);
        return detector;
    }

    /**
     * Answers {@code remembered} User-Agents at once and loads the parser when {@link #startLoading} is called (the
     * server does once it listens: {@link ParserLoadOnServerStart}) or when a User-Agent not remembered needs it.
     */
    static BackgroundLoadedDeviceDetector remembering(RememberedClassifications remembered,
            Supplier<? extends DeviceDetector> loader) {
        return new BackgroundLoadedDeviceDetector(Objects.requireNonNull(loader), remembered);
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

    /** Starts the load if nobody has yet (a load started elsewhere, or already started, is left alone). */
    void startLoading() {
        start();
    }

    private void settle(DeviceDetector detector, Throwable failure) {
        if (failure == null) {
            ready = detector;
            remembered = RememberedClassifications.NONE;
            loaded.complete(detector);
        } else {
            loaded.completeExceptionally(failure); // a CompletionException from a stage keeps its cause for join()
        }
    }

    @Override
    public ClientDevice detect(String userAgent) {
        DeviceDetector detector = ready;
        if (detector != null) {
            return detector.detect(userAgent);
        }
        ClientDevice known = remembered.lookUp(userAgent);
        return known != null ? known : awaitLoaded().detect(userAgent);
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

    /** The load was started (here or elsewhere). */
    boolean loadStarted() {
        return started.get();
    }

    /** Started with remembered classifications: some User-Agents are answered before the parser is loaded. */
    boolean answersBeforeLoaded() {
        return !remembered.isEmpty() || isReady();
    }

    /** The loaded detector; empty while loading or when the load failed. */
    Optional<DeviceDetector> loadedDetector() {
        return isReady() ? Optional.of(loaded.join()) : Optional.empty();
    }

    /**
     * Runs {@code action} with the loaded detector on a daemon thread of its own ({@code name}) once the load succeeds;
     * never when it fails.
     */
    void whenLoaded(String name, Consumer<DeviceDetector> action) {
        loaded.thenAcceptAsync(action, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        });
    }
}
