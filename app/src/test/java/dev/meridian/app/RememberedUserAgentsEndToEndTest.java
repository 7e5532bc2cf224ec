package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.model.VisitorState;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.Storage;
import dev.meridian.useragent.RememberedClassifications;
import dev.meridian.useragent.RememberedClassificationsFile;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server remembers the classifications of the User-Agents it saw in its data directory when it stops, and the next
 * server answers them before its parser is loaded, the same way; the parser then loads once the server listens.
 */
class RememberedUserAgentsEndToEndTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Path file() {
        return dataDir.resolve(RememberedUserAgents.FILE_NAME);
    }

    private ApplicationContext context(boolean enrichment) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("meridian.storage", "memory");
        properties.put("meridian.data-dir", dataDir.toString());
        properties.put("meridian.enrichment.enabled", Boolean.toString(enrichment));
        return ApplicationContext.run(properties); // the HTTP server starts when the test says
    }

    /** Tracks a pageview with {@code userAgent} on a new website and returns the visitor's stored state. */
    private VisitorState track(ApplicationContext context, String userAgent) throws Exception {
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        Website site = context.getBean(ManageWebsites.class).create(new NewWebsite("example.com", null, null, null));
        String visitor = UUID.randomUUID().toString();
        HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/events"))
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"websiteId\":\"" + site.trackingId() + "\",\"domain\":\"example.com\","
                        + "\"href\":\"https://example.com/\",\"type\":\"pageview\",\"visitorId\":\"" + visitor
                        + "\",\"sessionId\":\"s" + UUID.randomUUID() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
        return context.getBean(Storage.class).visitors().find(site.id(), visitor).orElseThrow();
    }

    @Test
    void aRestartedServerClassifiesTheAgentsOfItsLastRunAtOnceAndTheSameWay() throws Exception {
        VisitorState firstRun;
        try (ApplicationContext context = context(true)) {
            context.getBean(EmbeddedServer.class).start();
            assertThat(((BackgroundLoadedDeviceDetector) context.getBean(DeviceDetector.class)).answersBeforeLoaded())
                    .as("nothing remembered yet: the port opened once the parser was loaded").isTrue();
            firstRun = track(context, FIREFOX);
            assertThat(firstRun.system()).isEqualTo(new SystemInfo("Firefox", "Linux", "desktop"));
            assertThat(file()).as("written when the context stops, not before").doesNotExist();
        }
        assertThat(file()).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        }
        assertThat(RememberedUserAgents.probablyRemembered(Map.of(), dataDir.toString(), null))
                .as("what Application.main sees: no early load").isTrue();
        assertThat(RememberedUserAgents.probablyRemembered(Map.of(), dataDir.toString(), "0")).isFalse();

        try (ApplicationContext context = context(true)) {
            BackgroundLoadedDeviceDetector detector = (BackgroundLoadedDeviceDetector) context.getBean(DeviceDetector.class);
            assertThat(detector.answersBeforeLoaded()).isTrue();
            assertThat(detector.loadStarted()).as("the parser loads once the server listens, not before").isFalse();

            context.getBean(EmbeddedServer.class).start();
            VisitorState secondRun = track(context, FIREFOX);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!detector.loadStarted() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(detector.loadStarted()).as("started meridian.user-agent-load-delay after listening").isTrue();

            assertThat(secondRun.system()).isEqualTo(firstRun.system());
            assertThat(secondRun.details()).isEqualTo(firstRun.details());
            detector.awaitLoaded();
        }
        assertThat(file()).exists();
    }

    @Test
    void aRememberedAnswerTheParserDisagreesWithIsUsedUntilTheLoadEndsAndThenTheFileIsDeleted() throws Exception {
        ClientDevice wrong = new ClientDevice(new SystemInfo("Netscape", "BeOS", "desktop"), false);
        new RememberedClassificationsFile(file()).write(RememberedClassifications.of(Map.of(FIREFOX, wrong)));

        try (ApplicationContext context = context(true)) {
            BackgroundLoadedDeviceDetector detector = (BackgroundLoadedDeviceDetector) context.getBean(DeviceDetector.class);
            assertThat(detector.detect(FIREFOX)).as("remembered, so answered as remembered").isEqualTo(wrong);

            context.getBean(EmbeddedServer.class).start();
            detector.awaitLoaded();
            assertThat(detector.detect(FIREFOX).system()).isEqualTo(new SystemInfo("Firefox", "Linux", "desktop"));
            for (int waited = 0; waited < 100 && Files.exists(file()); waited++) {
                Thread.sleep(100); // the check runs on its own thread after the load
            }
            assertThat(file()).as("deleted by the check against the parser").doesNotExist();
        }
        assertThat(new RememberedClassificationsFile(file()).read().orElseThrow().lookUp(FIREFOX).system())
                .as("what the parser said, written at shutdown").isEqualTo(new SystemInfo("Firefox", "Linux", "desktop"));
    }

    @Test
    void aDamagedFileGivesTodaysStartThePortOpensOnceTheParserIsLoaded() throws Exception {
        Files.write(file(), new byte[] {0, 37, 'm', 'e', 'r', 'i', 'd', 'i', 'a', 'n'});
        assertThat(RememberedUserAgents.probablyRemembered(Map.of(), dataDir.toString(), null)).isFalse();

        try (ApplicationContext context = context(true)) {
            BackgroundLoadedDeviceDetector detector = (BackgroundLoadedDeviceDetector) context.getBean(DeviceDetector.class);
            assertThat(detector.loadStarted()).as("no remembered classifications: the load starts at once").isTrue();
            context.getBean(EmbeddedServer.class).start();
            assertThat(detector.isReady()).as("the port opened once the parser was loaded").isTrue();
        }
    }

    @Test
    void withEnrichmentOffNothingIsRemembered() throws Exception {
        try (ApplicationContext context = context(false)) {
            context.getBean(EmbeddedServer.class).start();
            assertThat(track(context, FIREFOX).system()).isEqualTo(SystemInfo.UNKNOWN);
        }
        assertThat(file()).doesNotExist();
    }

    @Test
    void theImportCommandsContextNeitherReadsNorWritesTheFile() throws Exception {
        ClientDevice remembered = new ClientDevice(new SystemInfo("Netscape", "BeOS", "desktop"), false);
        new RememberedClassificationsFile(file()).write(RememberedClassifications.of(Map.of(FIREFOX, remembered)));
        byte[] before = Files.readAllBytes(file());

        try (ApplicationContext context = ApplicationContext.builder().environments(Application.CLI_ENVIRONMENT)
                .properties(Map.of("meridian.storage", "memory", "meridian.data-dir", dataDir.toString())).start()) {
            assertThat(context.containsBean(RememberedUserAgents.class)).isFalse();
            BackgroundLoadedDeviceDetector detector = (BackgroundLoadedDeviceDetector) context.getBean(DeviceDetector.class);
            assertThat(detector.answersBeforeLoaded()).as("nothing remembered is used").isFalse();
            assertThat(detector.loadStarted()).as("the import loads the parser only when a line needs it").isFalse();
        }
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }
}
