package dev.meridian.http.imports;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.meridian.ports.error.StorageUnavailableException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ImportReport;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At most one import per website and two in all run at once (the defaults): while slow uploads hold their places,
 * a second import of the same website and a third import are refused with 429 before their bodies are read.
 */
@MicronautTest
class ImportAdmissionEndpointTest {

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    ImportHistory importHistory;

    @Inject
    ImportAdmission admission;

    @BeforeEach
    void eachKeyIsItsWebsitesAndTheImportReadsEveryLine() {
        reset(authenticate, importHistory);
        when(authenticate.authenticate(anyString())).thenAnswer(call ->
                new Caller.WebsiteKey("site-" + call.<String>getArgument(0).substring("Bearer df_".length())));
        when(authenticate.websiteFor(any(), eq(Permission.WEBSITES_WRITE), any()))
                .thenAnswer(call -> ((Caller.WebsiteKey) call.getArgument(0)).websiteId());
        when(importHistory.run(anyString(), any())).thenAnswer(call -> {
            Iterator<ImportLine> lines = call.getArgument(1);
            long read = 0;
            while (lines.hasNext()) {
                lines.next();
                read++;
            }
            return new ImportReport(read, 0, read, 0, 0, 0, List.of());
        });
    }

    /** An import whose body is uploaded slowly (chunked, on a socket of its own): one line now, more when told. */
    final class SlowUpload implements AutoCloseable {
        final Socket socket;
        final OutputStream body;

        SlowUpload(String key) throws IOException {
            socket = new Socket("127.0.0.1", server.getPort());
            socket.setSoTimeout(20_000);
            body = socket.getOutputStream();
            body.write(("POST /api/v1/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer df_" + key
                    + "\r\nContent-Type: " + ImportController.NDJSON + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            line();
        }

        void line() throws IOException {
            byte[] line = ImportEndpointTest.PAGEVIEW.concat("\n").getBytes(StandardCharsets.UTF_8);
            body.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.write(line);
            body.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            body.flush();
        }

        /** The last line and the end of the body; the answer's status. */
        int finish() throws IOException {
            line();
            body.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            body.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private HttpResponse<String> importNow(String key) {
        return client.toBlocking().exchange(HttpRequest.POST("/api/v1/import", ImportEndpointTest.PAGEVIEW)
                .contentType(ImportEndpointTest.NDJSON).header(HttpHeaders.AUTHORIZATION, "Bearer df_" + key),
                Argument.STRING, Argument.STRING);
    }

    private void awaitRunning(int imports) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (admission.running() != imports && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(admission.running()).isEqualTo(imports);
    }

    @Test
    void aSecondImportOfAWebsiteAndAThirdImportAreRefusedWhileSlowUploadsHoldTheirPlaces() throws Exception {
        try (SlowUpload first = new SlowUpload("a")) {
            awaitRunning(1);

            HttpResponse<String> sameWebsite = importNow("a");
            assertErrorEnvelope(sameWebsite, 429);
            assertThat(sameWebsite.header("Retry-After")).isEqualTo("30");
            assertThat(sameWebsite.body()).contains("at most 1 per website run at once");

            try (SlowUpload second = new SlowUpload("b")) {
                awaitRunning(2);
                HttpResponse<String> third = importNow("c");
                assertErrorEnvelope(third, 429);
                assertThat(third.body()).contains("at most 2 run at once on this server");
                first.line();
                second.line();

                assertThat(first.finish()).isEqualTo(200);
                assertThat(second.finish()).isEqualTo(200);
            }
        }
        awaitRunning(0);
        assertThat(importNow("a").code()).as("the place is given back when an import ends").isEqualTo(200);
        assertThat(importNow("c").code()).isEqualTo(200);
        verify(importHistory, times(4)).run(anyString(), any());
    }

    @Test
    void aFailedImportGivesItsPlaceBack() throws Exception {
        when(importHistory.run(eq("site-f"), any())).thenThrow(new StorageUnavailableException("storage down", null));

        assertThat(importNow("f").code()).isEqualTo(503);

        awaitRunning(0);
    }
}
