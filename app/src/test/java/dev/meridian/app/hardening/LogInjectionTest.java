package dev.meridian.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * CR, LF and other control characters in what we log (a decoded path, an SQL error quoting a client's value) are
 * escaped by the log pattern itself, for every logger: a client cannot end a log line and forge the next one.
 */
class LogInjectionTest {

    private static final Pattern LOG_LINE = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*");
    private static final String FORGED = "12:00:00.000 ERROR d.m.AdminTokenBootstrap - admin token rotated";

    @TempDir
    Path dataDir;

    /** Captures what {@code context}'s console appender would write, with its pattern. */
    private static ByteArrayOutputStream capture(LoggerContext context, Logger root) {
        String pattern = null;
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof OutputStreamAppender<ILoggingEvent> console) {
                Encoder<ILoggingEvent> encoder = console.getEncoder();
                pattern = ((PatternLayoutEncoder) encoder).getPattern();
            }
        }
        assertThat(pattern).as("the configuration's console pattern").isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> capturing = new OutputStreamAppender<>();
        capturing.setName("capture");
        capturing.setContext(context);
        capturing.setEncoder(encoder);
        capturing.setOutputStream(out);
        capturing.start();
        root.addAppender(capturing);
        return out;
    }

    private static List<String> logLines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().filter(line -> LOG_LINE.matcher(line).matches()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"logback.xml", "logback-cli.xml"})
    void aForgedLineInAMessageAndInAnSqlErrorStaysOnOneEscapedLine(String configuration) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/" + configuration));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ByteArrayOutputStream out = capture(context, root);
        root.detachAppender("STDOUT");
        root.detachAppender("STDERR");
        SQLException sqlError = new SQLException("ERROR: new row violates check constraint\n  Detail: Failing row "
                + "contains (x\r\n" + FORGED + ")", new IllegalStateException("cause\u2028" + FORGED));

        context.getLogger("dev.meridian.http.error.MeridianExceptionHandler").warn("Storage unavailable for {} {}: {}",
                "GET", "/api/v1/admin/websites/x\r\n" + FORGED, "down", sqlError);
        context.stop();

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(logLines(out)).as(written).hasSize(1);
        assertThat(written.lines()).noneMatch(line -> line.startsWith(FORGED) || line.startsWith("  Detail"));
        assertThat(written).contains("/api/v1/admin/websites/x\\r\\n" + FORGED + ": down")
                .contains("java.sql.SQLException: ERROR: new row violates check constraint\\n  Detail: Failing row "
                        + "contains (x\\r\\n" + FORGED + ")")
                .contains("Caused by: java.lang.IllegalStateException: cause\\u2028" + FORGED);
        assertThat(written.lines()).anyMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void aRequestPathWithCrLfIsLoggedAsOneEscapedLine() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String admin = "dft_" + "5".repeat(40);
        ByteArrayOutputStream out = capture(logging, root);
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", "-1",
                "meridian.storage", "memory",
                "meridian.admin-token", admin,
                "meridian.data-dir", dataDir.toString(),
                "meridian.test-fault-route.enabled", "true"))) {
            String base = "http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort();
            HttpResponse<String> failed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/test-fault/x%0d%0a12:00:00.000%20ERROR%20d.m.AdminTokenBootstrap%20-%20admin%20token%20rotated"))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(500);
        } finally {
            root.detachAppender("capture");
        }

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).as("the failure is logged, the path decoded and escaped")
                .contains("an unexpected failure for x\\r\\n" + FORGED);
        assertThat(written.lines()).noneMatch(line -> line.startsWith(FORGED));
        assertThat(logLines(out).stream().filter(line -> line.contains(FORGED))).as(written).hasSize(1);
    }
}
