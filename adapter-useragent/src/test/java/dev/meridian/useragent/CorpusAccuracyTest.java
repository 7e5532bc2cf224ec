package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production detector against the hand-labelled corpus. The bar is 95% per dimension: the corpus holds
 * a few User-Agents whose truth is debatable (desktop-mode UAs sent by phones, vendor forks), and a parser
 * update may move one or two of them; anything below 95% means a mapping or a whole browser family broke.
 */
class CorpusAccuracyTest {

    private static final double REQUIRED_ACCURACY = 0.95;

    private static CorpusScore score;

    @BeforeAll
    static void scoreTheCorpus() {
        List<UserAgentCorpus.Entry> corpus = UserAgentCorpus.load();
        score = CorpusScore.of(SharedYauaaDetector.get(), corpus);
        System.out.println("Yauaa corpus score: browser " + score.browser() + ", os " + score.os() + ", device "
                + score.device() + ", robot " + score.robot());
        score.misses().forEach(miss -> System.out.println("  miss " + miss));
    }

    @Test
    void corpusHasAtLeast200LabelledUserAgents() {
        assertThat(UserAgentCorpus.load()).hasSizeGreaterThanOrEqualTo(200);
    }

    @Test
    void browserNamesMatchTheCorpus() {
        assertThat(score.browser().accuracy()).as(String.join("\n", score.misses())).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }

    @Test
    void operatingSystemsMatchTheCorpus() {
        assertThat(score.os().accuracy()).as(String.join("\n", score.misses())).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }

    @Test
    void deviceTypesMatchTheCorpus() {
        assertThat(score.device().accuracy()).as(String.join("\n", score.misses())).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }

    @Test
    void robotFlagsMatchTheCorpus() {
        assertThat(score.robot().accuracy()).as(String.join("\n", score.misses())).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
    }
}
