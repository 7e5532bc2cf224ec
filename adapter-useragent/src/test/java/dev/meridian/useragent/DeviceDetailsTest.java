package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.SystemInfo;
import org.junit.jupiter.api.Test;

/**
 * Versions, maker and model of well-known agents through the production detector (the build's snapshot), next to
 * their classification, which the new fields leave as it was.
 */
class DeviceDetailsTest {

    private final UserAgentDeviceDetector detector = SharedYauaaDetector.withCacheSize(0);

    @Test
    void chromeOnWindowsHasItsVersionButNoOsVersionMakerOrModel() {
        // Chrome freezes "Windows NT 10.0" for Windows 10 and 11 alike, so Yauaa gives no OS version; a PC has no maker
        ClientDevice device = detector.detect("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36");

        assertThat(device.system()).isEqualTo(new SystemInfo("Chrome", "Windows", "desktop"));
        assertThat(device.details()).isEqualTo(new DeviceDetails("126", null, null, null));
    }

    @Test
    void safariOnIphoneHasBothVersionsAndAppleIphone() {
        ClientDevice device = detector.detect("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

        assertThat(device.system()).isEqualTo(new SystemInfo("Mobile Safari", "iOS", "mobile"));
        assertThat(device.details()).isEqualTo(new DeviceDetails("17.5", "17.5", "Apple", "iPhone"));
    }

    @Test
    void samsungInternetOnAGalaxyHasTheSamsungModelWithoutTheBrandInFront() {
        ClientDevice device = detector.detect("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36");

        assertThat(device.system()).isEqualTo(new SystemInfo("Samsung Internet", "Android", "mobile"));
        assertThat(device.details()).isEqualTo(new DeviceDetails("25.0", "14", "Samsung", "SM-S918B"));
    }

    @Test
    void firefoxOnLinuxHasItsVersionAndNothingElse() {
        // Yauaa names the device "Linux Desktop" with an unknown brand: a class, not a model
        ClientDevice device = detector.detect("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 "
                + "Firefox/127.0");

        assertThat(device.system()).isEqualTo(new SystemInfo("Firefox", "Linux", "desktop"));
        assertThat(device.details()).isEqualTo(new DeviceDetails("127.0", null, null, null));
    }

    @Test
    void aReducedAndroidUserAgentHasNoModel() {
        // Chrome's reduced User-Agent says "Android 10; K": Yauaa's "Android Mobile" of an unknown brand is no model
        ClientDevice device = detector.detect("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36");

        assertThat(device.details().vendor()).isNull();
        assertThat(device.details().model()).isNull();
        assertThat(device.details().browserVersion()).isEqualTo("126");
    }
}
