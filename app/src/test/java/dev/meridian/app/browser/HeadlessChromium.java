package dev.meridian.app.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Chromium driven through chromedriver, headless, with a fresh profile. Both paths are given explicitly so
 * Selenium Manager never tries to download a browser or a driver (CI has no internet).
 *
 * <p>Where they are: {@code MERIDIAN_CHROMIUM} and {@code MERIDIAN_CHROMEDRIVER} when set (a path that does not
 * exist then means "absent", which is how a machine without Chromium is tried on one that has it); otherwise
 * {@code chromium} (or {@code chromium-browser}) and {@code chromedriver} on {@code PATH}, then in
 * {@code /usr/bin}. When either is missing, {@link BrowserAvailable} skips the browser tests, unless
 * {@code MERIDIAN_REQUIRE_BROWSER=true} (set by {@code .ci/run}), where {@link #start()} fails instead.
 */
final class HeadlessChromium {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    static final String REQUIRE = "MERIDIAN_REQUIRE_BROWSER";
    /**
     * A desktop Chrome User-Agent: headless Chromium announces itself as "HeadlessChrome", which the server
     * rightly drops as a robot.
     */
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";

    private HeadlessChromium() {
    }

    /**
     * The browser and its driver as found in an environment: both paths, or {@code missing} saying what was not
     * found where (then the paths of what is missing are null).
     */
    record Binaries(Path chromium, Path chromedriver, String missing) {

        static Binaries in(Map<String, String> environment) {
            List<String> missing = new ArrayList<>();
            Path chromium = find("Chromium", "MERIDIAN_CHROMIUM", environment, missing, "chromium", "chromium-browser");
            Path chromedriver = find("chromedriver", "MERIDIAN_CHROMEDRIVER", environment, missing, "chromedriver");
            return new Binaries(chromium, chromedriver, String.join("; ", missing));
        }

        boolean found() {
            return missing.isEmpty();
        }

        private static Path find(String name, String variable, Map<String, String> environment, List<String> missing,
                String... fileNames) {
            String override = environment.get(variable);
            if (override != null && !override.isBlank()) {
                Path path = Path.of(override);
                if (Files.isExecutable(path)) {
                    return path;
                }
                missing.add("no " + name + " at " + path + " (" + variable + ")");
                return null;
            }
            List<Path> candidates = new ArrayList<>();
            for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    for (String fileName : fileNames) {
                        candidates.add(Path.of(dir, fileName));
                    }
                }
            }
            for (String fileName : fileNames) {
                candidates.add(Path.of("/usr/bin", fileName));
            }
            Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
            if (found.isEmpty()) {
                missing.add("no " + name + " (" + String.join(" or ", fileNames) + ") on PATH or in /usr/bin, and "
                        + variable + " is not set");
            }
            return found.orElse(null);
        }
    }

    static boolean required(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.getOrDefault(REQUIRE, "").trim());
    }

    static ChromeDriver start() {
        Binaries binaries = Binaries.in(System.getenv());
        if (!binaries.found()) {
            throw new IllegalStateException("The browser tests cannot run: " + binaries.missing() + ". Install them ("
                    + INSTALL + ")" + (required(System.getenv()) ? "; " + REQUIRE + "=true requires them." : "."));
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("meridian-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binaries.chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,900",
                "--user-agent=" + USER_AGENT);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(binaries.chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
