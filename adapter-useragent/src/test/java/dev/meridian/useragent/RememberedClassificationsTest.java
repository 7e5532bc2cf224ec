package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the detector remembers of a run, and that a remembered answer is the parser's answer. */
class RememberedClassificationsTest {

    @Test
    void onABusyCacheTheHottestAreTheMostUsedOnes() {
        UserAgentDeviceDetector detector = CountingParser.detector(new CountingParser(), 100);
        int once = 0;
        for (; once < 60; once++) { // half full: from now on Caffeine counts how often each is used
            detector.detect("Edge seen once number " + once);
        }
        for (int round = 0; round < 20; round++) {
            detector.detect("Chrome often seen here");
            if (round % 2 == 0) {
                detector.detect("Firefox seen half as often");
            }
            for (int i = 0; i < 10; i++, once++) {
                detector.detect("Edge seen once number " + once);
            }
        }

        RememberedClassifications hottest = detector.hottest(2);

        assertThat(hottest.entries()).containsOnlyKeys("Chrome often seen here", "Firefox seen half as often");
        assertThat(detector.hottest(0).isEmpty()).isTrue();
    }

    @Test
    void aCacheHoldingFewerThanAskedIsKeptWhole() {
        UserAgentDeviceDetector detector = CountingParser.detector(new CountingParser(), 1_000);
        for (int i = 0; i < 300; i++) {
            detector.detect("Edge seen once number " + i);
        }

        assertThat(detector.hottest(300).size()).isEqualTo(300);
        assertThat(detector.hottest(5_000).size()).isEqualTo(300);
    }

    @Test
    void aRememberedEntryIsLookedUpAsTheCacheIs() {
        UserAgentDeviceDetector detector = CountingParser.detector(new CountingParser(), 100);
        String longHeader = "Opera " + "x".repeat(UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH);
        detector.detect("  Safari with spaces around  ");
        detector.detect(longHeader);

        RememberedClassifications remembered = detector.hottest(10);

        assertThat(remembered.lookUp("Safari with spaces around")).isEqualTo(detector.detect("Safari with spaces around"));
        assertThat(remembered.lookUp(longHeader + " and more")).isEqualTo(detector.detect(longHeader));
        assertThat(remembered.lookUp("Never seen Mozilla/5.0 header")).isNull();
        assertThat(remembered.lookUp(null)).isNull();
        assertThat(remembered.lookUp("curl/8.0")).as("too short for a browser: answered without the cache").isNull();
    }

    @Test
    void whatARememberedEntryAnswersIsWhatTheParserAnswers(@TempDir Path dir) {
        List<UserAgentCorpus.Entry> corpus = UserAgentCorpus.load();
        List<String> agents = corpus.stream().map(UserAgentCorpus.Entry::userAgent).toList();
        UserAgentDeviceDetector lastRun = SharedYauaaDetector.withCacheSize(10_000);
        agents.forEach(lastRun::detect);
        RememberedClassificationsFile file = new RememberedClassificationsFile(dir.resolve("remembered"));
        file.write(lastRun.hottest(1_000));

        RememberedClassifications remembered = file.read().orElseThrow();
        UserAgentDeviceDetector parser = SharedYauaaDetector.withCacheSize(0); // answers by parsing every time
        assertThat(remembered.size()).isGreaterThan(200);
        assertThat(corpus.stream().filter(e -> e.robot()).count()).as("robots in the corpus").isPositive();
        for (String agent : agents) {
            ClientDevice answer = remembered.lookUp(agent);
            if (!RobotSignatures.tooShortForABrowser(agent)) {
                assertThat(answer).as(agent).isEqualTo(parser.detect(agent));
            }
        }
        assertThat(parser.disagreements(remembered)).isEmpty();
    }

    @Test
    void disagreementsNamesTheEntriesTheParserAnswersOtherwiseAndCachesItsOwnAnswers() {
        CountingParser parser = new CountingParser();
        UserAgentDeviceDetector detector = CountingParser.detector(parser, 100);
        Map<String, ClientDevice> entries = new LinkedHashMap<>();
        entries.put("Chrome as the parser says",
                CountingParser.detector(new CountingParser(), 0).detect("Chrome as the parser says"));
        entries.put("Firefox remembered wrong", new ClientDevice(new SystemInfo("Safari", "iOS", "mobile"), false));

        List<String> differing = detector.disagreements(new RememberedClassifications(entries));

        assertThat(differing).containsExactly("Firefox remembered wrong");
        assertThat(parser.calls).hasValue(2);
        detector.detect("Chrome as the parser says");
        assertThat(parser.calls).as("now an ordinary cache entry").hasValue(2);
    }
}
