package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
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
        BackgroundLoadedDeviceDetector detector = new BackgroundLoadedDeviceDetector(() -> {
            loading.countDown();
            return countingLoad();
        });

        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(detector.detect("Mozilla/5.0").robot()).isFalse();
        assertThat(loads).hasValue(1);
    }
}
