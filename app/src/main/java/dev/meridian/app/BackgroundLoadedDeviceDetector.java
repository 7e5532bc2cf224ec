package dev.meridian.app;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.out.DeviceDetector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A detector that is built on its own thread from construction on. Until it is ready, {@link #detect} waits
 * for it, so no event is ever classified by a half-loaded parser; a failed load fails every call with the
 * load's cause.
 */
final class BackgroundLoadedDeviceDetector implements DeviceDetector {

    private final CompletableFuture<DeviceDetector> loaded;

    BackgroundLoadedDeviceDetector(Supplier<? extends DeviceDetector> loader) {
        this.loaded = new CompletableFuture<>();
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
        try {
            return loaded.join().detect(userAgent);
        } catch (CompletionException e) {
            throw new IllegalStateException("the User-Agent parser failed to load", e.getCause());
        }
    }

    boolean isReady() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }
}
