package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.SystemInfo;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private final Vocabulary yauaa = Vocabulary.fromResource(UserAgentDeviceDetector.YAUAA_VOCABULARY);

    @Test
    void safariOnIosIsMobileSafariButOnMacIsSafari() {
        assertThat(yauaa.translate(new ParsedUserAgent("Safari", "iOS", "Phone", false)))
                .isEqualTo(new SystemInfo("Mobile Safari", "iOS", "mobile"));
        assertThat(yauaa.translate(new ParsedUserAgent("Safari", "Mac OS", "Desktop", false)))
                .isEqualTo(new SystemInfo("Safari", "Mac OS", "desktop"));
    }

    @Test
    void libraryNamesBecomeTheHostedProductsNames() {
        assertThat(yauaa.translate(new ParsedUserAgent("SamsungBrowser", "Android", "Tablet", false)))
                .isEqualTo(new SystemInfo("Samsung Internet", "Android", "tablet"));
        assertThat(yauaa.translate(new ParsedUserAgent("Chrome", "Windows NT", "Desktop", false)))
                .isEqualTo(new SystemInfo("Chrome", "Windows", "desktop"));
        assertThat(yauaa.translate(new ParsedUserAgent("Firefox", "Ubuntu", "Desktop", false)).os()).isEqualTo("Linux");
        assertThat(yauaa.translate(new ParsedUserAgent("Safari", "iPadOS", "Tablet", false)))
                .isEqualTo(new SystemInfo("Mobile Safari", "iOS", "tablet"));
    }

    @Test
    void unmappedNamesAreKeptAndUnmappedDeviceClassesLowerCased() {
        assertThat(yauaa.translate(new ParsedUserAgent("Vivaldi", "Tizen", "Smart Speaker", false)))
                .isEqualTo(new SystemInfo("Vivaldi", "Tizen", "smart speaker"));
    }

    @Test
    void unknownValuesBecomeNull() {
        assertThat(yauaa.translate(new ParsedUserAgent("Unknown", "Unknown", "Unknown", false)))
                .isEqualTo(SystemInfo.UNKNOWN);
        assertThat(yauaa.translate(new ParsedUserAgent(null, null, null, false))).isEqualTo(SystemInfo.UNKNOWN);
    }
}
