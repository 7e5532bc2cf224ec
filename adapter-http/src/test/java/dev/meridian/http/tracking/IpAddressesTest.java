package dev.meridian.http.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "203.0.113.7", "010.1.2.3", " 203.0.113.7 ", "203.0.113.7:443"})
    void ipv4LiteralsOfFourPartsUpTo255AreAddresses(String text) {
        assertThat(IpAddresses.parse(text)).map(InetAddress::getAddress).get()
                .satisfies(bytes -> assertThat(bytes).hasSize(4));
    }

    @org.junit.jupiter.api.Test
    void theFourPartsAreTheAddressesBytes() {
        assertThat(IpAddresses.parse("203.0.113.7")).map(InetAddress::getHostAddress).hasValue("203.0.113.7");
        assertThat(IpAddresses.parse("010.1.2.255:80")).map(InetAddress::getHostAddress).hasValue("10.1.2.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "0001.1.1.1", "1.2.3.a",
        "+1.2.3.4", "1.2.3.-4", "localhost", "1.2.3.4 5"})
    void anythingElseIsNoIpv4Address(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
    }
}
