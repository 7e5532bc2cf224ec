package dev.meridian.http.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.core.map.MapChanges;
import dev.meridian.http.Envelopes;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.GetRealtimeMap;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.RealtimeMap;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its stream while the map changes many times holds no backlog on the server: maps are
 * read (and frames made) only as the connection takes them, and when the client reads again it gets the newest map.
 */
@MicronautTest
@Property(name = "meridian.realtime-stream.min-interval", value = "1ms")
@Property(name = "meridian.realtime-stream.heartbeat", value = "1h")
@Property(name = "meridian.realtime-stream.refresh", value = "1h")
class SlowStreamReaderEndpointTest {

    /** Visitors on the map: its JSON is about {@value} × 0.6 KB, so a few frames fill any socket buffer. */
    private static final int BASE_VISITORS = 400;
    private static final int CHANGES = 300;

    @Inject
    EmbeddedServer server;

    @Inject
    Authenticate authenticate;

    @Inject
    GetRealtimeMap getRealtimeMap;

    @Inject
    MapChanges mapChanges;

    private final AtomicInteger version = new AtomicInteger();
    private final AtomicInteger mapReads = new AtomicInteger();

    @BeforeEach
    void aLargeMapThatCountsItsVersion() {
        reset(authenticate, getRealtimeMap);
        when(authenticate.authenticate(anyString())).thenReturn(RealtimeMapEndpointTest.ACCOUNT);
        when(authenticate.websiteFor(any(Caller.class), eq(Permission.ANALYTICS_READ), any()))
                .thenReturn(RealtimeMapEndpointTest.WEBSITE_ID);
        when(getRealtimeMap.forWebsite(RealtimeMapEndpointTest.WEBSITE_ID)).thenAnswer(call -> {
            mapReads.incrementAndGet();
            return new RealtimeMap(Collections.nCopies(BASE_VISITORS + version.get(), ExampleMap.visitor(null)),
                    null, List.of(), List.of());
        });
    }

    @Test
    void aClientThatStopsReadingHoldsNoBacklogAndGetsTheNewestMapWhenItReadsAgain() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/analytics/realtime/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + RealtimeMapEndpointTest.TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
            awaitReads(1);
            // from here the client reads nothing while the map changes CHANGES times

            for (int i = 1; i <= CHANGES; i++) {
                version.set(i);
                mapChanges.publish(RealtimeMapEndpointTest.WEBSITE_ID);
                Thread.sleep(5);
            }
            int readWhileStalled = settledReads();
            long frameBytes = LiveMapStream.mapFrame("x").length + 600L * BASE_VISITORS;

            System.out.printf("slow reader: %d changes, %d maps read while the client read nothing (~%d KB each)%n",
                    CHANGES, readWhileStalled, frameBytes / 1024);
            assertThat(readWhileStalled).as("maps read (each one frame) while the client read nothing")
                    .isLessThanOrEqualTo(40);

            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int newest = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (newest != BASE_VISITORS + CHANGES && System.nanoTime() < deadline) {
                String line = reader.readLine();
                assertThat(line).as("the stream stays open").isNotNull();
                if (line.startsWith("data: ")) {
                    JsonNode map = Envelopes.json(line.substring("data: ".length())).get("map");
                    newest = map.get("count").asInt();
                }
            }
            assertThat(newest).as("the newest map reaches the client once it reads").isEqualTo(BASE_VISITORS + CHANGES);
            assertThat(mapReads.get()).as("maps read in all").isLessThanOrEqualTo(readWhileStalled + 2);
        }
    }

    private void awaitReads(int reads) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (mapReads.get() < reads && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(mapReads.get()).isGreaterThanOrEqualTo(reads);
    }

    /** Map reads once no more have happened for half a second. */
    private int settledReads() throws InterruptedException {
        int before;
        do {
            before = mapReads.get();
            Thread.sleep(500);
        } while (mapReads.get() != before);
        return before;
    }
}
