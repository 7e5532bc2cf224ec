package dev.meridian.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

/** Where the browser tests look for Chromium and chromedriver, and when they run, skip or fail. */
class BrowserAvailableTest {

    @TempDir
    Path dir;

    private Path executable(String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void bothOnThePathRunTheTests() throws IOException {
        Path chromium = executable("chromium");
        Path chromedriver = executable("chromedriver");

        HeadlessChromium.Binaries found = HeadlessChromium.Binaries.in(Map.of("PATH", dir.toString()));

        assertThat(found.found()).isTrue();
        assertThat(found.chromium()).isEqualTo(chromium);
        assertThat(found.chromedriver()).isEqualTo(chromedriver);
        assertThat(BrowserAvailable.decide(Map.of("PATH", dir.toString())).isDisabled()).isFalse();
    }

    @Test
    void theVariablesWinOverThePath() throws IOException {
        executable("chromium");
        executable("chromedriver");
        Path other = Files.createDirectory(dir.resolve("other"));
        Path chromium = Files.move(executable("c"), other.resolve("my-chromium"));
        Path chromedriver = Files.move(executable("d"), other.resolve("my-driver"));

        HeadlessChromium.Binaries found = HeadlessChromium.Binaries.in(Map.of("PATH", dir.toString(),
                "MERIDIAN_CHROMIUM", chromium.toString(), "MERIDIAN_CHROMEDRIVER", chromedriver.toString()));

        assertThat(found.chromium()).isEqualTo(chromium);
        assertThat(found.chromedriver()).isEqualTo(chromedriver);
    }

    @Test
    void aVariableNamingNoFileMeansAbsentEvenWhenThePathHasOne() throws IOException {
        executable("chromium");
        executable("chromedriver");
        Map<String, String> environment = Map.of("PATH", dir.toString(),
                "MERIDIAN_CHROMEDRIVER", dir.resolve("absent").toString());

        ConditionEvaluationResult result = BrowserAvailable.decide(environment);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("Browser tests skipped: no chromedriver at "
                + dir.resolve("absent") + " (MERIDIAN_CHROMEDRIVER). To run them: apt-get install -y chromium "
                + "chromium-driver (MERIDIAN_REQUIRE_BROWSER=true makes this a failure).");
    }

    @Test
    void absentAndRequiredRunsTheTestsSoThatTheyFail() {
        Map<String, String> environment = Map.of("PATH", dir.toString(),
                "MERIDIAN_CHROMIUM", dir.resolve("absent-chromium").toString(),
                "MERIDIAN_CHROMEDRIVER", dir.resolve("absent-driver").toString(),
                "MERIDIAN_REQUIRE_BROWSER", "true");

        assertThat(BrowserAvailable.decide(environment).isDisabled()).isFalse();
        assertThat(HeadlessChromium.Binaries.in(environment).missing())
                .contains("no Chromium at " + dir.resolve("absent-chromium"), "no chromedriver at "
                        + dir.resolve("absent-driver"));
    }
}
