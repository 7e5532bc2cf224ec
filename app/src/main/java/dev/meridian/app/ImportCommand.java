package dev.meridian.app;

import dev.meridian.http.imports.NdjsonLines;
import dev.meridian.ports.error.MeridianException;
import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportReport;
import io.micronaut.context.ApplicationContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar meridian.jar import --website ID FILE}: imports an NDJSON history file (API.md §7) into the
 * configured storage (the embedded PostgreSQL in {@code MERIDIAN_DATA_DIR} unless {@code MERIDIAN_DB_URL} is
 * set) without starting the HTTP server, and prints the counts. While it runs, its progress goes to standard error
 * ({@link ImportProgress}): one line rewritten in place on a terminal, a plain line every 10 s otherwise.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports NDJSON history (one event or payment per line, API.md section 7) into the "
                + "configured storage, without starting the server.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every line was accepted",
            "1:the import failed (unknown website, unreadable file, storage unavailable, server running)",
            "2:wrong usage",
            "3:the import completed but some lines were rejected (listed)"})
public final class ImportCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int SOME_REJECTED = 3;

    @Option(names = "--website", required = true, paramLabel = "ID", description = "the website's id (24 hex characters)")
    String websiteId;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "the NDJSON file (.gz is decompressed), or - for standard input")
    String file;

    @Spec
    CommandSpec spec;

    /** Builds the application context: the server's configuration and beans, no HTTP server. */
    private final Function<String[], ApplicationContext> contexts;
    /** Whether standard error is an interactive terminal, so progress can rewrite its line. */
    private final boolean terminal;
    /** How often progress is reported. */
    private final Duration progressEvery;

    ImportCommand(Function<String[], ApplicationContext> contexts) {
        this(contexts, System.console() != null, null);
    }

    /** {@code progressEvery} null: every 500 ms on a terminal, every 10 s otherwise. */
    ImportCommand(Function<String[], ApplicationContext> contexts, boolean terminal, Duration progressEvery) {
        this.contexts = contexts;
        this.terminal = terminal;
        this.progressEvery = progressEvery != null ? progressEvery
                : terminal ? ImportProgress.TERMINAL_EVERY : ImportProgress.PLAIN_EVERY;
    }

    /** Runs the command line {@code args} (after the word {@code import}); returns the exit code. */
    public static int run(String... args) {
        return run(args, environments -> ApplicationContext.builder()
                .mainClass(Application.class)
                .environments(environments)
                .start());
    }

    static int run(String[] args, Function<String[], ApplicationContext> contexts) {
        return new CommandLine(new ImportCommand(contexts)).execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> running = runningServer();
        if (running.isPresent()) {
            err.println("import failed: " + running.get());
            return FAILED;
        }
        try (ImportProgress progress = new ImportProgress(size(file), err, terminal, System::nanoTime);
                InputStream in = open(file, progress);
                ApplicationContext context = contexts.apply(new String[] {"prod", Application.CLI_ENVIRONMENT})) {
            ImportHistory importHistory = context.getBean(ImportHistory.class);
            progress.start(progressEvery);
            long started = System.nanoTime();
            ImportReport report = importHistory.run(websiteId, progress.counting(new NdjsonLines(in)));
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.finish();
            print(out, report, seconds);
            return report.rejected() > 0 ? SOME_REJECTED : 0;
        } catch (MeridianException | IOException | UncheckedIOException e) {
            err.println("import failed: " + e.getMessage());
            return FAILED;
        }
    }

    static void print(PrintWriter out, ImportReport report, double seconds) {
        long lines = report.accepted() + report.rejected();
        out.printf("accepted %d, rejected %d, events stored %d, payments stored %d, already stored %d, robots %d%n",
                report.accepted(), report.rejected(), report.eventsStored(), report.paymentsStored(),
                report.alreadyStored(), report.robots());
        out.printf("%d lines in %.1f s: %.0f lines/s%n", lines, seconds, seconds > 0 ? lines / seconds : 0.0);
        List<ImportReport.Rejection> rejections = report.rejections();
        for (ImportReport.Rejection r : rejections) {
            out.printf("line %d: %s%n", r.line(), r.reason());
        }
        if (report.rejected() > rejections.size()) {
            out.printf("… and %d more rejected lines%n", report.rejected() - rejections.size());
        }
        out.flush();
    }

    private static InputStream open(String file, ImportProgress progress) throws IOException {
        if (file.equals("-")) {
            return System.in;
        }
        try {
            InputStream in = new BufferedInputStream(progress.counting(Files.newInputStream(Path.of(file))), 1 << 16);
            return file.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The file's size, for the share read and the time left; unknown for standard input. */
    private static OptionalLong size(String file) {
        if (file.equals("-")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.size(Path.of(file)));
        } catch (IOException e) {
            return OptionalLong.empty(); // open() says why it cannot be read
        }
    }

    /**
     * A server that runs on the embedded database of the same data directory: starting another PostgreSQL there
     * would ask the server's to shut down (EmbeddedDatabase stops servers it takes for orphans), so refuse.
     */
    static Optional<String> runningServer() {
        Map<String, String> env = System.getenv();
        String url = System.getProperty("meridian.db.url", env.getOrDefault("MERIDIAN_DB_URL", ""));
        String storage = System.getProperty("meridian.storage", env.getOrDefault("MERIDIAN_STORAGE", "postgres"));
        if (!url.isBlank() || !storage.equals("postgres")) {
            return Optional.empty();
        }
        String dataDir = System.getProperty("meridian.data-dir",
                env.getOrDefault("MERIDIAN_DATA_DIR", System.getProperty("user.home") + "/.meridian"));
        Path pidFile = Path.of(dataDir).resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            Optional<ProcessHandle> postgres = lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
            Optional<ProcessHandle> owner = postgres.filter(ProcessHandle::isAlive).flatMap(ProcessHandle::parent)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
            return owner.map(p -> "a Meridian server (process " + p.pid() + ") runs on " + dataDir
                    + ": import through it (POST /api/v1/import) or stop it first");
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
