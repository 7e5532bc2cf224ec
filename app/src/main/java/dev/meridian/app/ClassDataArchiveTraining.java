package dev.meridian.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step (app/pom.xml, {@code package}): the class-data sharing archive of the fat jar and the launcher that uses
 * it. One training start of {@code java -XX:ArchiveClassesAtExit=… -jar meridian.jar} as a user runs it, on a free
 * loopback port with a temporary data directory (the embedded PostgreSQL, as by default), which answers, creates a
 * website, tracks one event through the User-Agent parser, reads the realtime map and the readiness, and stops on
 * SIGTERM: the JVM writes the classes it loaded into the archive as it exits. Then the launcher script is copied next
 * to the jar. docs/operations.md, "Start-up".
 *
 * <p>Arguments: the jar, the archive to write, the launcher script's source, the launcher to write.
 */
public final class ClassDataArchiveTraining {

    // generous: on a loaded build machine a start takes minutes, and writing the archive at exit one or two more
    private static final Duration START_BOUND = Duration.ofSeconds(600);
    private static final Duration STOP_BOUND = Duration.ofSeconds(600);
    private static final String ADMIN_TOKEN = "dft_" + UUID.randomUUID().toString().replace("-", "");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    private ClassDataArchiveTraining(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: JAR ARCHIVE LAUNCHER-SOURCE LAUNCHER");
        }
        // canonical, as the launcher names it (pwd -P): JDK 17 uses an archive only with the class path it was made with
        Path jar = Path.of(args[0]).toRealPath();
        Path archive = Path.of(args[1]);
        long start = System.nanoTime();
        train(jar, archive);
        System.out.printf("class-data sharing archive written: %s (%,d bytes, %d ms)%n", archive, Files.size(archive),
                (System.nanoTime() - start) / 1_000_000);
        Path launcher = Path.of(args[3]);
        Files.copy(Path.of(args[2]), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("launcher written: " + launcher);
    }

    static void train(Path jar, Path archive) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing");
        }
        Path dataDir = Files.createTempDirectory("meridian-cds-training");
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Path log = dataDir.resolve("server.log");
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the dump's notes on classes it leaves out (generated accessors, JFR events, classes failing verification)
        // are expected: kept out of the log, so that a failure's tail shows the server's own lines
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + partial,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("MERIDIAN_") || name.startsWith("MICRONAUT_")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS"));
        env.put("MERIDIAN_PORT", Integer.toString(port));
        env.put("MERIDIAN_DATA_DIR", dataDir.toString());
        env.put("MERIDIAN_ADMIN_TOKEN", ADMIN_TOKEN);
        Process server = builder.start();
        try {
            new ClassDataArchiveTraining(port).exercise(server, log);
            server.destroy(); // SIGTERM: a normal shutdown, at whose end the JVM writes the archive
            if (!server.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the training start did not stop within " + STOP_BOUND + ": " + tail(log));
            }
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new IllegalStateException("the training start wrote no archive: " + tail(log));
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (server.isAlive()) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            stopLeftPostgres(dataDir.resolve("postgres"));
            Files.deleteIfExists(partial);
            deleteQuietly(dataDir);
        }
    }

    /** What a first start serves: an answer, a website, a tracked event (the parser), the map, the readiness. */
    private void exercise(Process server, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the training start exited with " + server.exitValue() + ": " + tail(log));
            }
            try {
                send(HttpRequest.newBuilder(uri("/health")).GET());
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the training start did not answer within " + START_BOUND + ": "
                            + tail(log));
                }
                Thread.sleep(100);
            }
        }
        HttpResponse<String> website = expect200(admin("/api/v1/admin/websites")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"example.com\"}")), log);
        String trackingId = field(website.body(), "trackingId");
        String websiteId = field(website.body(), "websiteId");
        String visitor = UUID.randomUUID().toString();
        expect200(HttpRequest.newBuilder(uri("/api/events")).header("Content-Type", "application/json")
                .header("User-Agent", CHROME)
                .POST(HttpRequest.BodyPublishers.ofString("{\"websiteId\":\"" + trackingId + "\",\"domain\":"
                        + "\"example.com\",\"href\":\"https://example.com/pricing\",\"type\":\"pageview\","
                        + "\"visitorId\":\"" + visitor + "\",\"sessionId\":\"s" + visitor + "\"}")), log);
        expect200(admin("/api/v1/analytics/realtime/map?websiteId=" + websiteId).GET(), log);
        expect200(HttpRequest.newBuilder(uri("/health/readiness")).GET(), log);
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private HttpResponse<String> expect200(HttpRequest.Builder request, Path log) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("training request " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body() + "; " + tail(log));
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "server log (last lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** A training start that failed may leave its embedded PostgreSQL running: stopped before its directory goes. */
    private static void stopLeftPostgres(Path postgresDirectory) {
        try {
            Path pidFile = postgresDirectory.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            List<String> lines = Files.readAllLines(pidFile);
            ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .ifPresent(p -> {
                        p.destroy();
                        p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                    });
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the training's PostgreSQL in " + postgresDirectory + ": " + e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
