package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.useragent.RememberedClassifications;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server opens its port only once the User-Agent parser is loaded, so no tracking request waits for it. */
class ParserReadyBeforeListeningTest {

    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";


    @Test
    void startUpWaitsUntilTheParsersLoadIsDone() throws Exception {
        CompletableFuture<DeviceDetector> loading = new CompletableFuture<>();
        ParserReadyBeforeListening gate = new ParserReadyBeforeListening(BackgroundLoadedDeviceDetector.of(loading));

        CompletableFuture<Void> startingUp = CompletableFuture.runAsync(() -> gate.awaitParser());
        Thread.sleep(200);
        assertThat(startingUp).as("still loading").isNotDone();

        loading.complete(userAgent -> new ClientDevice(new SystemInfo("Chrome", "Windows", "desktop"), false));
        startingUp.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aParserThatFailedToLoadStopsStartUpWithItsCause() {
        ParserReadyBeforeListening gate = new ParserReadyBeforeListening(
                BackgroundLoadedDeviceDetector.of(CompletableFuture.failedFuture(new OutOfMemoryError("Java heap space"))));

        assertThatThrownBy(() -> gate.awaitParser())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("User-Agent parser failed to load")
                .hasRootCauseMessage("Java heap space");
    }

    /** A detector that remembers {@link #CHROME}; its load counts {@code loadStarted} down and answers UNKNOWN. */
    private static BackgroundLoadedDeviceDetector rememberingChrome(CountDownLatch loadStarted) {
        return BackgroundLoadedDeviceDetector.remembering(RememberedClassifications.of(Map.of(CHROME,
                new ClientDevice(new SystemInfo("Chrome", "Windows", "desktop"), false))), () -> {
                    loadStarted.countDown();
                    return userAgent -> ClientDevice.UNKNOWN;
                });
    }

    @Test
    void withRememberedClassificationsStartUpHoldsNothingAndTheLoadWaitsForTheServer() throws Exception {
        CountDownLatch loadStarted = new CountDownLatch(1);
        BackgroundLoadedDeviceDetector detector = rememberingChrome(loadStarted);

        CompletableFuture.runAsync(() -> new ParserReadyBeforeListening(detector).awaitParser())
                .get(5, TimeUnit.SECONDS);
        assertThat(loadStarted.getCount()).as("not started before the server listens").isEqualTo(1);
        assertThat(readiness(detector)).isEqualTo(HealthStatus.DOWN);

        new ParserLoadOnServerStart(detector, Duration.ofMillis(300)).onApplicationEvent(null); // source not read
        assertThat(loadStarted.await(100, TimeUnit.MILLISECONDS)).as("not started before the delay").isFalse();
        assertThat(loadStarted.await(10, TimeUnit.SECONDS)).isTrue();
        detector.awaitLoaded();
        assertThat(readiness(detector)).isEqualTo(HealthStatus.UP);
    }

    private static HealthStatus readiness(DeviceDetector detector) {
        AtomicReference<HealthResult> result = new AtomicReference<>();
        new UserAgentParserReadiness(detector).getResult().subscribe(new Subscriber<HealthResult>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(HealthResult health) {
                result.set(health);
            }

            @Override
            public void onError(Throwable failure) {
                throw new AssertionError(failure);
            }

            @Override
            public void onComplete() {
            }
        });
        return result.get().getStatus();
    }

    @Test
    void aUserAgentThatIsNotRememberedStartsTheLoadAtOnceWhateverTheDelay() throws Exception {
        CountDownLatch loadStarted = new CountDownLatch(1);
        BackgroundLoadedDeviceDetector detector = rememberingChrome(loadStarted);
        new ParserLoadOnServerStart(detector, Duration.ofHours(1)).onApplicationEvent(null);

        assertThat(detector.detect(CHROME).system().browser()).isEqualTo("Chrome"); // remembered: no load
        assertThat(loadStarted.getCount()).isEqualTo(1);
        assertThat(detector.detect("curl/8.5.0")).isEqualTo(ClientDevice.UNKNOWN); // not remembered: loads, waits
        assertThat(loadStarted.getCount()).isZero();
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new ParserLoadOnServerStart(DeviceDetector.NONE, Duration.ofSeconds(-1)))
                .hasMessageContaining("meridian.user-agent-load-delay");
    }

    @Test
    void aDetectorWithNothingToLoadHoldsNothing() {
        new ParserReadyBeforeListening(DeviceDetector.NONE).awaitParser(); // enrichment off: returns
    }

    @Test
    void whenTheServerAnswersTheParserIsLoadedAndTheFirstPageviewIsClassified(@TempDir Path dataDir) throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "meridian.storage", "memory", "micronaut.server.port", "-1",
                "meridian.data-dir", dataDir.toString()))) {
            BackgroundLoadedDeviceDetector detector =
                    (BackgroundLoadedDeviceDetector) server.getApplicationContext().getBean(DeviceDetector.class);
            assertThat(detector.isReady()).as("loaded before the port opened").isTrue();

            String trackingId = server.getApplicationContext().getBean(ManageWebsites.class)
                    .create(new NewWebsite("example.com", null, null, null)).trackingId();
            HttpResponse<String> tracked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.getURL() + "/api/events"))
                    .header("Content-Type", "application/json").header("User-Agent", CHROME)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"websiteId\":\"" + trackingId + "\",\"domain\":\"example.com\","
                            + "\"href\":\"https://example.com/\",\"type\":\"pageview\",\"visitorId\":\"" + UUID.randomUUID()
                            + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(tracked.statusCode()).isEqualTo(200);
            assertThat(tracked.body()).containsPattern("\"eventId\":\"[0-9a-f]{24}\""); // a person's browser: stored
            assertThat(detector.detect(CHROME).system()).isEqualTo(new SystemInfo("Chrome", "Windows", "desktop"));
        }
    }
}
