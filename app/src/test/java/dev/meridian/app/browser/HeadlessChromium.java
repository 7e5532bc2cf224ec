package dev.meridian.app.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless, with a fresh profile. Both paths are given
 * explicitly so Selenium Manager never tries to download a browser or a driver (CI has no internet; .ci/run
 * installs the {@code chromium} and {@code chromium-driver} packages).
 */
final class HeadlessChromium {

    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final String CHROMIUM = "/usr/bin/chromium";
    /**
     * A desktop Chrome User-Agent: headless Chromium announces itself as "HeadlessChrome", which the server
     * rightly drops as a robot.
     */
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        if (!CHROMEDRIVER.canExecute() || !new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("browser tests need Debian's Chromium and chromedriver: "
                    + "apt-get install -y chromium chromium-driver (as .ci/run does)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("meridian-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,900",
                "--user-agent=" + USER_AGENT);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
