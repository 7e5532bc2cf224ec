package dev.meridian.http.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "192.168.1.0/24, 192.168.1.77, true",
        "192.168.1.0/24, 192.168.2.1, false",
        "172.16.0.0/12, 172.31.255.1, true",
        "172.16.0.0/12, 172.32.0.1, false",
        "192.0.2.1, 192.0.2.1, true",
        "192.0.2.1, 192.0.2.2, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "203.0.113.128/25, 203.0.113.127, false",
        "203.0.113.128/25, 203.0.113.200, true",
        "2001:db8::/32, 2001:db8:1234::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1/128, ::1, true",
        "::1, ::2, false",
        "fd00::/7, fdab::1, true",
        "fd00::/7, fe00::1, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "10.0.0.0/8, 2001:db8::1, false",
        "2001:db8::/32, 10.0.0.1, false",
    })
    void rangeContainsExactlyItsAddresses(String range, String address, boolean contained) {
        InetAddress parsed = IpAddresses.parse(address).orElseThrow();

        assertThat(IpRange.parse(range).contains(parsed)).isEqualTo(contained);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.256/8",
        "10.0.0.0/", "10.0.0.0/x", "10.0.0.1:80", "[::1]", "1.2.3.4.5", "2001:db8::g/32"})
    void malformedRangeIsRefused(String text) {
        assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "1.2.3", "01234.1.1.1", "::1%eth0", "[::1", "", " "})
    void headerValuesThatAreNoAddressLiteralAreNotParsed(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
    }
}
