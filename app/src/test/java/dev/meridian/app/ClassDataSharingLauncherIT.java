package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build writes next to the fat jar ({@code target/meridian}) and its class-data sharing archive
 * ({@code target/meridian.jsa}, one training start's classes): the JVM maps the jar's classes from the archive, and an
 * archive that does not fit, or none, changes nothing but the start-up cost. Runs after {@code package} (failsafe);
 * {@code import --help} stands for any start: it goes through the same launcher, JVM and jar.
 */
class ClassDataSharingLauncherIT {

    private static final Path TARGET = Path.of("target");

    @TempDir
    Path elsewhere;

    @Test
    void theLauncherStartsTheJarWithTheClassesOfTheBuildsArchive() throws Exception {
        Run run = run(TARGET.resolve("meridian"), "-Xlog:class+load=info");

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Usage: import");
        // Application: loaded by every start (the training's server start loads no class of the import command)
        assertThat(run.output).as("our classes come from the archive, not the jar")
                .contains("dev.meridian.app.Application source: shared objects file (top)");
    }

    @Test
    void anArchiveThatDoesNotFitTheJarIsIgnoredWithoutAWord() throws Exception {
        Path launcher = copy("meridian", "meridian.jar", "meridian.jsa"); // the same jar elsewhere: another path

        Run run = run(launcher, null);

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Usage: import");
        assertThat(run.output.toLowerCase()).doesNotContain("cds").doesNotContain("shared archive")
                .doesNotContain("warning").doesNotContain("error");
        Run classes = run(launcher, "-Xlog:class+load=info");
        assertThat(classes.output).contains("dev.meridian.app.Application source: file:")
                .doesNotContain("shared objects file (top)");
    }

    @Test
    void withoutAnArchiveTheLauncherRunsTheJarAsJavaJarDoes() throws Exception {
        Path launcher = copy("meridian", "meridian.jar");

        Run run = run(launcher, null);

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Usage: import");
    }

    @Test
    void theLauncherPassesItsArgumentsAndTheExitCodeThrough() throws Exception {
        Run run = run(TARGET.resolve("meridian"), null, "import", "--website=f00000000000000000000001");

        assertThat(run.exitCode).as(run.output).isEqualTo(2); // the import command's "wrong usage"
        assertThat(run.output).contains("Missing required parameter: 'FILE'");
    }

    private Path copy(String... files) throws IOException {
        for (String file : files) {
            Files.copy(TARGET.resolve(file), elsewhere.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return elsewhere.resolve("meridian");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path launcher, String jvmOptions) throws IOException, InterruptedException {
        return run(launcher, jvmOptions, "import", "--help");
    }

    private static Run run(Path launcher, String jvmOptions, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher.toAbsolutePath() + " is missing: run ./mvnw -B verify (package writes it)");
        }
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home")); // the JVM the build made the archive with
        env.remove("JAVA_TOOL_OPTIONS");
        if (jvmOptions == null) {
            env.remove("JDK_JAVA_OPTIONS");
        } else {
            env.put("JDK_JAVA_OPTIONS", jvmOptions);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the launcher did not finish within 60 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
