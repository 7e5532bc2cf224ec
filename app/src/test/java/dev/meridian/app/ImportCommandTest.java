package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.Meridian;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportLine;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code java -jar meridian.jar import --website ID FILE}, on the in-memory store and on embedded PostgreSQL. */
class ImportCommandTest {

    static final String WEBSITE = "0123456789abcdef01234567";
    static final String LINE = "{\"type\":\"pageview\",\"timestamp\":\"2026-01-10T09:0%d:00.000Z\","
            + "\"visitorId\":\"0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f\",\"sessionId\":\"s9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d\","
            + "\"href\":\"https://example.com/p%d\",\"countryCode\":\"DE\",\"browser\":\"Firefox\",\"os\":\"Linux\",\"device\":\"desktop\"}";

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    ApplicationContext context;

    /** The command's context: the in-memory store holding the website {@value #WEBSITE}; kept for inspection. */
    ApplicationContext memoryContext(String[] environments) {
        context = ApplicationContext.builder().environments(environments)
                .properties(Map.of("meridian.storage", "memory", "meridian.enrichment.enabled", "false",
                        "meridian.data-dir", dir.resolve("data").toString()))
                .start();
        context.getBean(Storage.class).websites().save(new Website(WEBSITE, "dfid_cli", "example.com", null, "USD",
                "UTC", List.of(), Instant.EPOCH));
        return context;
    }

    int run(Function<String[], ApplicationContext> contexts, String... args) {
        return run(new ImportCommand(contexts, false, null), args);
    }

    int run(ImportCommand command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("history.ndjson"), List.of(lines));
    }

    @Test
    void importsAFileAndPrintsTheCountsAndExitsZeroWhenEveryLineIsAccepted() throws IOException {
        Path file = file(LINE.formatted(1, 1), LINE.formatted(2, 2));

        int exit = run(this::memoryContext, "--website", WEBSITE, file.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("accepted 2, rejected 0, events stored 2, payments stored 0");
        // the context is closed once the command is done; what it stored was printed
        assertThat(context.isRunning()).isFalse();
    }

    @Test
    void rejectedLinesArePrintedWithTheirNumberAndTheExitCodeSaysSo() throws IOException {
        Path file = file(LINE.formatted(1, 1), "{\"type\":\"pageview\"}", "not json");

        int exit = run(this::memoryContext, "--website", WEBSITE, file.toString());

        assertThat(exit).isEqualTo(ImportCommand.SOME_REJECTED);
        assertThat(out.toString()).contains("accepted 1, rejected 2").contains("line 2: ").contains("line 3: line is not valid JSON");
    }

    @Test
    void anUnknownWebsiteFailsWithExitCodeOne() throws IOException {
        Path file = file(LINE.formatted(1, 1));

        int exit = run(this::memoryContext, "--website", "ffffffffffffffffffffffff", file.toString());

        assertThat(exit).isEqualTo(ImportCommand.FAILED);
        assertThat(err.toString()).contains("website not found");
    }

    @Test
    void aMissingFileFailsWithExitCodeOneNamingIt() {
        int exit = run(this::memoryContext, "--website", WEBSITE, dir.resolve("nope.ndjson").toString());

        assertThat(exit).isEqualTo(ImportCommand.FAILED);
        assertThat(err.toString()).contains("cannot read").contains("nope.ndjson");
    }

    @Test
    void withoutAWebsiteTheUsageIsShownWithExitCodeTwo() throws IOException {
        int exit = run(this::memoryContext, file(LINE.formatted(1, 1)).toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--website");
    }

    @Test
    void outsideATerminalProgressIsAPlainLineOnStandardErrorAndTheReportStaysOnStandardOutput() throws IOException {
        String[] lines = new String[400];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = LINE.formatted(i % 10, i);
        }
        Path file = file(lines);
        long size = Files.size(file);
        // a context that takes a while to build, and an import slow enough for a few reports
        Function<String[], ApplicationContext> slowStore = environments -> {
            ApplicationContext built = memoryContext(environments);
            built.registerSingleton(ImportHistory.class, (website, records) -> {
                Iterator<ImportLine> slow = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return records.hasNext();
                    }

                    @Override
                    public ImportLine next() {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return records.next();
                    }
                };
                return built.getBean(Meridian.class).importHistory().run(website, slow);
            });
            return built;
        };

        int exit = run(new ImportCommand(slowStore, false, Duration.ofMillis(50)), "--website", WEBSITE,
                file.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<String> progress = err.toString().lines().toList();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> assertThat(line)
                .matches("import: [0-9,]+ lines, [0-9,]+ lines/s, \\d{1,3}% of [0-9.]+ MB(, about .+ left)?"))
                .noneMatch(line -> line.contains("\r"));
        assertThat(progress.get(progress.size() - 1)).contains("of " + ImportProgress.megabytes(size));
        assertThat(out.toString()).startsWith("accepted 400, rejected 0").doesNotContain("import: ");
    }

    @Test
    void importsIntoTheEmbeddedPostgresOfTheDataDirectoryAndAgainStoresNothingTwice() throws IOException {
        Path data = dir.resolve("pg-data");
        Map<String, Object> properties = Map.of("meridian.data-dir", data.toString(),
                "meridian.enrichment.enabled", "false");
        String websiteId;
        try (ApplicationContext setup = ApplicationContext.builder().environments("cli").properties(properties).start()) {
            websiteId = setup.getBean(ManageWebsites.class).create(new NewWebsite("example.com", null, null, null)).id();
        }
        Path file = file(LINE.formatted(1, 1), LINE.formatted(2, 2), LINE.formatted(3, 3));
        Function<String[], ApplicationContext> postgres = environments -> ApplicationContext.builder()
                .environments(environments).properties(properties).start();

        int first = run(postgres, "--website", websiteId, file.toString());
        int second = run(postgres, "--website", websiteId, file.toString());

        assertThat(first).as(err.toString()).isZero();
        assertThat(second).as(err.toString()).isZero();
        assertThat(out.toString()).contains("events stored 3, payments stored 0, already stored 0")
                .contains("events stored 0, payments stored 0, already stored 3");
        try (ApplicationContext check = ApplicationContext.builder().environments("cli").properties(properties).start()) {
            assertThat(check.getBean(Storage.class).eventLog().recentEvents(websiteId, Instant.EPOCH, 10)).hasSize(3);
            assertThat(check.getBean(Storage.class).visitors().find(websiteId, "0b4f5d7e-3c1a-4b9e-8f2d-6a7c9e1b3d5f"))
                    .get().satisfies(v -> assertThat(v.currentUrl()).isEqualTo("/p3"));
        }
    }
}
