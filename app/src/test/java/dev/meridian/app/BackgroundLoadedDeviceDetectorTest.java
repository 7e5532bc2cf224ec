package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.useragent.RememberedClassifications;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static final String REMEMBERED = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final ClientDevice REMEMBERED_ANSWER = new ClientDevice(new SystemInfo("Firefox", "Linux", "desktop"), false);
    private static final String NOT_REMEMBERED = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15";

    /** A load that blocks until the test releases it, and then answers every User-Agent as a "Parsed" browser. */
    private final CountDownLatch release = new CountDownLatch(1);

    private DeviceDetector blockingLoad() {
        loads.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return userAgent -> new ClientDevice(new SystemInfo("Parsed", null, null), false);
    }

    private BackgroundLoadedDeviceDetector remembering() {
        return BackgroundLoadedDeviceDetector.remembering(
                RememberedClassifications.of(Map.of(REMEMBERED, REMEMBERED_ANSWER)), this::blockingLoad);
    }

    @Test
    void rememberedUserAgentsAreAnsweredWithoutTheParserAndOthersWaitForItsLoad() throws Exception {
        BackgroundLoadedDeviceDetector detector = remembering();

        assertThat(CompletableFuture.supplyAsync(() -> detector.detect(REMEMBERED)).get(5, TimeUnit.SECONDS))
                .isEqualTo(REMEMBERED_ANSWER);
        assertThat(detector.answersBeforeLoaded()).isTrue();
        assertThat(loads).as("nothing loads for a remembered User-Agent").hasValue(0);

        CompletableFuture<ClientDevice> other = CompletableFuture.supplyAsync(() -> detector.detect(NOT_REMEMBERED));
        Thread.sleep(200);
        assertThat(other).as("waits for the parser, whose load it started").isNotDone();
        assertThat(detector.isReady()).isFalse();
        assertThat(detector.detect(REMEMBERED)).as("still answered at once while the load runs").isEqualTo(REMEMBERED_ANSWER);

        release.countDown();
        assertThat(other.get(10, TimeUnit.SECONDS).system().browser()).isEqualTo("Parsed");
        assertThat(detector.isReady()).isTrue();
        assertThat(detector.detect(REMEMBERED).system().browser()).as("once loaded, the parser answers").isEqualTo("Parsed");
        assertThat(loads).hasValue(1);
    }

    @Test
    void rememberingLoadsNothingUntilToldToStart() throws Exception {
        BackgroundLoadedDeviceDetector detector = remembering();
        detector.detect(REMEMBERED);
        assertThat(detector.loadStarted()).isFalse();

        detector.startLoading();
        detector.startLoading();
        release.countDown();

        assertThat(detector.awaitLoaded().detect(REMEMBERED).system().browser()).isEqualTo("Parsed");
        assertThat(detector.loadStarted()).isTrue();
        assertThat(loads).hasValue(1);
    }

    @Test
    void whenLoadedRunsOnItsOwnThreadWithTheLoadedDetector() throws Exception {
        BackgroundLoadedDeviceDetector detector = remembering();
        CompletableFuture<String> seen = new CompletableFuture<>();
        detector.whenLoaded("check-thread", loaded ->
                seen.complete(Thread.currentThread().getName() + " " + loaded.detect(REMEMBERED).system().browser()));

        detector.startLoading();
        assertThat(seen).isNotDone();
        release.countDown();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("check-thread Parsed");
        assertThat(detector.loadedDetector()).isPresent();
    }

    @Test
    void withNothingRememberedEveryCallWaits() throws Exception {
        BackgroundLoadedDeviceDetector detector =
                BackgroundLoadedDeviceDetector.remembering(RememberedClassifications.NONE, this::blockingLoad);
        CompletableFuture<ClientDevice> call = CompletableFuture.supplyAsync(() -> detector.detect(REMEMBERED));

        Thread.sleep(200);
        assertThat(call).isNotDone();
        assertThat(detector.answersBeforeLoaded()).isFalse();
        release.countDown();
        assertThat(call.get(10, TimeUnit.SECONDS).system().browser()).isEqualTo("Parsed");
    }
}
