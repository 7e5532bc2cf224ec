package dev.meridian.app;

import dev.meridian.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fat jar ({@code target/meridian.jar}) run as its own process on loopback, with the embedded PostgreSQL in
 * a given data directory on a fixed port, so a test can kill it, restart it and read its database directly.
 */
final class ServerProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "dft_0123456789abcdef0123456789abcdef";
    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    private final Path dataDir;
    private final int httpPort;
    private final int dbPort;
    private final Process process;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(Path dataDir, int httpPort, int dbPort, Process process) {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.dbPort = dbPort;
        this.process = process;
    }

    /** Starts the server and waits until it answers HTTP. */
    static ServerProcess start(Path dataDir, int httpPort, int dbPort) throws IOException, InterruptedException {
        return start(dataDir, httpPort, dbPort, Map.of());
    }

    /**
     * Starts the server on an external PostgreSQL ({@code MERIDIAN_DB_URL}, one of several nodes sharing it) and
     * waits until it answers HTTP; {@link #database()} is not available then.
     */
    static ServerProcess startOn(Path dataDir, int httpPort, String dbUrl, String dbUser, String dbPassword)
            throws IOException, InterruptedException {
        return start(dataDir, httpPort, 0, Map.of("MERIDIAN_DB_URL", dbUrl, "MERIDIAN_DB_USER", dbUser,
                "MERIDIAN_DB_PASSWORD", dbPassword, "MERIDIAN_DB_POOL_SIZE", "6",
                // the test is one client on loopback sending to every node: no rate limits
                "MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS", "0", "MERIDIAN_RATE_LIMIT_API_REQUESTS", "0"));
    }

    private static ServerProcess start(Path dataDir, int httpPort, int dbPort, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "meridian.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -B verify (it is built in package)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("MERIDIAN_PORT", Integer.toString(httpPort));
        env.put("MERIDIAN_DATA_DIR", dataDir.toString());
        env.put("MERIDIAN_DB_EMBEDDED_PORT", Integer.toString(dbPort));
        env.put("MERIDIAN_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("MERIDIAN_ENRICHMENT_ENABLED", "false");
        env.remove("MERIDIAN_DB_URL");
        env.remove("MERIDIAN_STORAGE");
        env.putAll(extraEnv);
        ServerProcess server = new ServerProcess(dataDir, httpPort, dbPort, builder.start());
        server.awaitAnswering();
        return server;
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ": " + log());
            }
            try {
                send(HttpRequest.newBuilder(uri("/api/v1/analytics/realtime/map")).GET());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server did not answer within " + START_BOUND + ": " + log());
    }

    String log() throws IOException {
        Path log = dataDir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a website; returns its {@code websiteId} and {@code trackingId}. */
    Map<String, String> createWebsite(String domain) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/admin/websites"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + domain + "\"}")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("creating a website answered " + response.statusCode() + ": " + response.body());
        }
        return Map.of("websiteId", field(response.body(), "websiteId").orElseThrow(),
                "trackingId", field(response.body(), "trackingId").orElseThrow());
    }

    /** POSTs one pageview of {@code visitorId}. */
    HttpResponse<String> pageview(String trackingId, String domain, String visitorId, String path)
            throws IOException, InterruptedException {
        String body = "{\"websiteId\":\"" + trackingId + "\",\"domain\":\"" + domain + "\",\"href\":\"https://" + domain
                + path + "\",\"type\":\"pageview\",\"visitorId\":\"" + visitorId + "\",\"sessionId\":\"s" + visitorId
                + "\"}";
        return send(HttpRequest.newBuilder(uri("/api/events")).header("Content-Type", "application/json")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Optional<String> field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    /** A connection to the embedded PostgreSQL, straight past the server, with the password the server made. */
    Connection database() throws SQLException {
        String password;
        try {
            password = Files.readString(EmbeddedDatabase.passwordFile(postgresDirectory())).strip();
        } catch (IOException e) {
            throw new SQLException("cannot read the embedded PostgreSQL's password", e);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", password);
    }

    Path postgresDirectory() {
        return dataDir.resolve("postgres");
    }

    /** The embedded PostgreSQL server process (the postmaster), from its pid file. */
    Optional<ProcessHandle> postgres() throws IOException {
        Path pidFile = postgresDirectory().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    }

    /** {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux. Returns the exit status. */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server survived SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM: the server shuts down, stopping its embedded PostgreSQL; anything left is stopped too. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Optional<ProcessHandle> left = postgres();
        if (left.isPresent() && left.get().isAlive()
                && left.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            left.get().destroy();
            left.get().onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
