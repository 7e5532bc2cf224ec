package dev.meridian.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @Property
    void everyIpv4AddressRoundTripsThroughItsDottedQuad(@ForAll @Size(4) byte[] bytes) throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(bytes);

        assertThat(IpLiteral.parse(address.getHostAddress())).contains(address);
    }

    @Property
    void everyIpv6AddressRoundTripsThroughItsFullForm(@ForAll @Size(16) byte[] bytes) throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(bytes);

        assertThat(IpLiteral.parse(address.getHostAddress())).contains(address);
    }

    @Property
    void everyIpv6AddressRoundTripsThroughItsCompressedForm(@ForAll @Size(16) byte[] bytes)
            throws UnknownHostException {
        // zero runs make "::" likely
        for (int i = 4; i < 10; i++) {
            bytes[i] = 0;
        }
        InetAddress address = InetAddress.getByAddress(bytes);
        String compressed = compress(address.getHostAddress());

        assertThat(IpLiteral.parse(compressed)).as(compressed).contains(address);
    }

    @ParameterizedTest
    @CsvSource({
        "::, 0:0:0:0:0:0:0:0",
        "::1, 0:0:0:0:0:0:0:1",
        "2001:db8::, 2001:db8:0:0:0:0:0:0",
        "2001:DB8::A:b, 2001:db8:0:0:0:0:a:b",
        "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
        "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
    })
    void ipv6FormsParseToTheirAddress(String text, String expected) throws UnknownHostException {
        assertThat(IpLiteral.parse(text)).contains(InetAddress.getByName(expected));
    }

    @Test
    void ipv4MappedIpv6IsAnIpv4Address() {
        assertThat(IpLiteral.parse("::ffff:81.2.69.160")).get().isInstanceOf(Inet4Address.class);
        assertThat(IpLiteral.parse("2001:db8::1")).get().isInstanceOf(Inet6Address.class);
    }

    @Test
    void zoneIdIsDropped() {
        assertThat(IpLiteral.parse("fe80::1%eth0")).isEqualTo(IpLiteral.parse("fe80::1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "localhost", "example.com", "a.b.c.d", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "1..3.4", "01.2.3.4", "256.1.1.1",
        "1.2.3.4.", ".1.2.3.4", "1 .2.3.4", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::2", "1::2:",
        "12345::", "g::1", "::1%", "[::1", "::1]", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "１.2.3.4", "::ｆ",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8"
    })
    void malformedTextIsRejected(String text) {
        assertThat(IpLiteral.parse(text)).as(text).isEmpty();
    }

    @Test
    void overlongTextIsRejected() {
        assertThat(IpLiteral.parse("1".repeat(10_000))).isEmpty();
    }

    /** Replaces the longest run of zero groups with "::" (what browsers and proxies send). */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLength < 2) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
