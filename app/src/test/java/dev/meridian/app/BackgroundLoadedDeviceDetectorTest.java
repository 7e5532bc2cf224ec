package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoadedDeviceDetectorTest {

    private final AtomicInteger loads = new AtomicInteger();
    private final DeviceDetector loaded = userAgent -> new ClientDevice(new SystemInfo("Firefox", "Linux", "desktop"), false);

    private DeviceDetector countingLoad() {
        loads.incrementAndGet();
        return loaded;
    }

    @Test
    void onFirstUseLoadsNothingUntilTheFirstDetectAndThenOnce() {
        BackgroundLoadedDeviceDetector detector = BackgroundLoadedDeviceDetector.onFirstUse(this::countingLoad);

        assertThat(loads).hasValue(0);
        assertThat(detector.isReady()).isFalse();
        assertThat(detector.detect("Mozilla/5.0").system().browser()).isEqualTo("Firefox");
        detector.detect("Mozilla/5.0");
        assertThat(loads).hasValue(1);
    }

    @Test
    void theServerDetectorStartsLoadingWhenBuilt() throws InterruptedException {
        CountDownLatch loading = new CountDownLatch(1);
        BackgroundLoadedDeviceDetector detector = BackgroundLoadedDeviceDetector.startNow(() -> {
            loading.countDown();
            return countingLoad();
        });

        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(detector.detect("Mozilla/5.0").robot()).isFalse();
        assertThat(loads).hasValue(1);
    }

    @Test
    void onceLoadedEveryCallGoesToTheLoadedDetectorWithItsOwnUserAgent() {
        List<String> asked = new ArrayList<>();
        BackgroundLoadedDeviceDetector detector = BackgroundLoadedDeviceDetector.onFirstUse(() -> {
            loads.incrementAndGet();
            return userAgent -> {
                asked.add(userAgent);
                return new ClientDevice(new SystemInfo(userAgent, null, null), false);
            };
        });

        assertThat(detector.detect("first").system().browser()).isEqualTo("first");
        assertThat(detector.isReady()).isTrue();
        assertThat(detector.detect("second").system().browser()).isEqualTo("second");
        assertThat(detector.detect("third").system().browser()).isEqualTo("third");

        assertThat(asked).containsExactly("first", "second", "third");
        assertThat(loads).hasValue(1);
    }

    @Test
    void overALoadStartedElsewhereDetectWaitsForItAndThenUsesIt() throws Exception {
        CompletableFuture<DeviceDetector> loading = new CompletableFuture<>();
        BackgroundLoadedDeviceDetector detector = BackgroundLoadedDeviceDetector.of(loading);
        CompletableFuture<ClientDevice> call = CompletableFuture.supplyAsync(() -> detector.detect("Mozilla/5.0"));

        Thread.sleep(100);
        assertThat(call).isNotDone();
        assertThat(detector.isReady()).isFalse();
        loading.complete(countingLoad());

        assertThat(call.get(10, TimeUnit.SECONDS).system().browser()).isEqualTo("Firefox");
        assertThat(detector.isReady()).isTrue();
        assertThat(loads).hasValue(1);
    }

    @Test
    void aLoadStartedElsewhereThatFailsFailsEveryCallWithItsCause() {
        CompletableFuture<DeviceDetector> loading = new CompletableFuture<>();
        BackgroundLoadedDeviceDetector detector =
                BackgroundLoadedDeviceDetector.of(loading.thenApply(loaded -> loaded)); // as the server's: a stage after the load
        loading.completeExceptionally(new IllegalStateException("snapshot damaged"));

        assertThatThrownBy(() -> detector.detect("Mozilla/5.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed to load")
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("snapshot damaged");
        assertThat(detector.isReady()).isFalse();
    }

    @Test
    void theLoadRunsOnItsOwnDaemonThread() throws Exception {
        Thread loader = BackgroundLoadedDeviceDetector.load(Thread::currentThread).get(10, TimeUnit.SECONDS);

        assertThat(loader).isNotSameAs(Thread.currentThread());
        assertThat(loader.getName()).isEqualTo("device-detector-loader");
        assertThat(loader.isDaemon()).isTrue();
    }

    @Test
    void aFailedLoadFailsEveryCallWithTheLoadsCause() {
        BackgroundLoadedDeviceDetector detector = BackgroundLoadedDeviceDetector.onFirstUse(() -> {
            loads.incrementAndGet();
            throw new IllegalStateException("rules missing");
        });

        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> detector.detect("Mozilla/5.0"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed to load")
                    .hasRootCauseMessage("rules missing");
        }
        assertThat(detector.isReady()).isFalse();
        assertThat(loads).hasValue(1);
    }
}
