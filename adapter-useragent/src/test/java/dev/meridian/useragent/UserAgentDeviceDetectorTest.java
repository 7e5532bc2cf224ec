package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAgentDeviceDetectorTest {

    private static final String CHROME_ON_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    @Test
    void chromeOnWindowsIsADesktopBrowser() {
        ClientDevice device = SharedYauaaDetector.get().detect(CHROME_ON_WINDOWS);
        assertThat(device.system()).isEqualTo(new SystemInfo("Chrome", "Windows", "desktop"));
        assertThat(device.robot()).isFalse();
    }

    @Test
    void safariOnIphoneIsMobileSafari() {
        ClientDevice device = SharedYauaaDetector.get().detect(SAFARI_ON_IPHONE);
        assertThat(device.system()).isEqualTo(new SystemInfo("Mobile Safari", "iOS", "mobile"));
        assertThat(device.robot()).isFalse();
    }

    @Test
    void googlebotIsARobot() {
        assertThat(SharedYauaaDetector.get().detect("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
                .robot()).isTrue();
    }

    @Test
    void headlessChromeIsARobotThoughItLooksLikeChrome() {
        ClientDevice headless = SharedYauaaDetector.get().detect(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36");

        assertThat(headless.robot()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "-", "test", "Mozilla", "Mozilla/5.0", "   Mozilla/5.0   "})
    void missingOrTooShortUserAgentIsAnUnknownRobotWithoutParsing(String userAgent) {
        CountingParser parser = new CountingParser();

        ClientDevice device = CountingParser.detector(parser, 10).detect(userAgent);

        assertThat(device).isEqualTo(new ClientDevice(SystemInfo.UNKNOWN, true));
        assertThat(parser.calls).hasValue(0);
    }

    @Test
    void robotSignatureMakesARobotEvenWhenTheLibrarySaysBrowser() {
        UserAgentDeviceDetector detector = CountingParser.detector(new CountingParser(), 10);

        assertThat(detector.detect("Mozilla/5.0 (Linux) Chrome/131.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse").robot())
                .isTrue();
        assertThat(detector.detect(CHROME_ON_WINDOWS).robot()).isFalse();
    }

    @Test
    void repeatedUserAgentIsParsedOnceAndAnsweredWithTheSameInstance() {
        CountingParser parser = new CountingParser();
        UserAgentDeviceDetector detector = CountingParser.detector(parser, 10);

        ClientDevice first = detector.detect(CHROME_ON_WINDOWS);
        ClientDevice second = detector.detect(CHROME_ON_WINDOWS);

        assertThat(second).isSameAs(first);
        assertThat(parser.calls).hasValue(1);
    }

    @Test
    void cacheHoldsNoMoreThanItsMaximumSize() {
        CountingParser parser = new CountingParser();
        UserAgentDeviceDetector detector = CountingParser.detector(parser, 5);

        for (int i = 0; i < 200; i++) {
            detector.detect("Agent" + i + " (Windows NT 10.0) Test/1.0");
        }

        assertThat(detector.cachedEntries()).isLessThanOrEqualTo(5);
        assertThat(parser.calls).hasValue(200);
    }

    @Test
    void cacheSizeZeroParsesEveryTime() {
        CountingParser parser = new CountingParser();
        UserAgentDeviceDetector detector = CountingParser.detector(parser, 0);

        detector.detect(CHROME_ON_WINDOWS);
        detector.detect(CHROME_ON_WINDOWS);

        assertThat(parser.calls).hasValue(2);
    }

    @Test
    void negativeCacheSizeIsRejected() {
        assertThatThrownBy(() -> CountingParser.detector(new CountingParser(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void overlongUserAgentsAreCutSoTheyShareOneCacheEntry() {
        CountingParser parser = new CountingParser();
        UserAgentDeviceDetector detector = CountingParser.detector(parser, 10);
        String prefix = "Chrome " + "x".repeat(UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH);

        ClientDevice first = detector.detect(prefix + "first tail");
        ClientDevice second = detector.detect(prefix + "second tail");

        assertThat(second).isSameAs(first);
        assertThat(parser.calls).hasValue(1);
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOneThread() throws Exception {
        List<UserAgentCorpus.Entry> corpus = UserAgentCorpus.load();
        UserAgentDeviceDetector reference = SharedYauaaDetector.get();
        List<ClientDevice> expected = corpus.stream().map(e -> reference.detect(e.userAgent())).toList();
        // a small cache so threads also race on evictions and reloads
        UserAgentDeviceDetector contended = SharedYauaaDetector.withCacheSize(16);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<String>>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                workers.add(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < corpus.size() * 3; i++) {
                        int index = (i * 31 + seed * 7) % corpus.size();
                        ClientDevice got = contended.detect(corpus.get(index).userAgent());
                        if (!got.equals(expected.get(index))) {
                            mismatches.add(corpus.get(index).userAgent() + " -> " + got);
                        }
                    }
                    return mismatches;
                });
            }
            for (Future<List<String>> result : pool.invokeAll(workers)) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(contended.cachedEntries()).isLessThanOrEqualTo(16);
    }
}
