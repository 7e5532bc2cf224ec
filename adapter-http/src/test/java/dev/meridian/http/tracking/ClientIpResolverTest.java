package dev.meridian.http.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpResolverTest {

    private final ClientIpResolver behindLoadBalancers = new ClientIpResolver("10.0.0.0/8, 2001:db8:ffff::/48");
    private final ClientIpResolver noConfiguration = new ClientIpResolver(null);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // test literals only: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void untrustedPeerIsTheClient() {
        assertThat(behindLoadBalancers.resolve(ip("203.0.113.7"), List.of(), null)).isEqualTo("203.0.113.7");
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerIsIgnored() {
        assertThat(behindLoadBalancers.resolve(ip("203.0.113.7"), List.of("198.51.100.1"), null))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void spoofedRealIpHeaderFromAnUntrustedPeerIsIgnored() {
        assertThat(behindLoadBalancers.resolve(ip("203.0.113.7"), List.of(), "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void trustedProxyForwardsTheClientAddress() {
        assertThat(behindLoadBalancers.resolve(ip("10.1.2.3"), List.of("198.51.100.23"), null))
                .isEqualTo("198.51.100.23");
    }

    @Test
    void addressesTheClientMadeUpLeftOfTheRealOneAreIgnored() {
        // the browser sent "X-Forwarded-For: 1.1.1.1"; the proxy appended what it saw
        assertThat(behindLoadBalancers.resolve(ip("10.1.2.3"), List.of("1.1.1.1, 198.51.100.23"), null))
                .isEqualTo("198.51.100.23");
    }

    @Test
    void chainOfTrustedProxiesIsWalkedFromTheRight() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("1.1.1.1, 198.51.100.23", "10.0.0.9, 10.0.0.5"), null))
                .isEqualTo("198.51.100.23");
    }

    @Test
    void unparseableHopStopsTheWalkAtTheLastTrustedAddress() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("evil, 10.0.0.9"), null)).isEqualTo("10.0.0.9");
    }

    @Test
    void forwardedAddressWithPortIsUnderstood() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("198.51.100.23:51234"), null))
                .isEqualTo("198.51.100.23");
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("[2001:db8::5]:443"), null))
                .isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void realIpHeaderFromATrustedProxyNamesTheClient() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of(), "198.51.100.23")).isEqualTo("198.51.100.23");
    }

    @Test
    void forwardedForWinsOverRealIpHeader() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("198.51.100.23"), "1.1.1.1"))
                .isEqualTo("198.51.100.23");
    }

    @Test
    void garbageRealIpHeaderLeavesThePeer() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of(), "localhost")).isEqualTo("10.0.0.1");
    }

    @Test
    void loopbackIsTrustedWithoutConfiguration() {
        assertThat(noConfiguration.resolve(ip("127.0.0.1"), List.of("198.51.100.23"), null)).isEqualTo("198.51.100.23");
        assertThat(noConfiguration.resolve(ip("127.8.9.10"), List.of("198.51.100.23"), null)).isEqualTo("198.51.100.23");
        assertThat(noConfiguration.resolve(ip("::1"), List.of("2001:db8::42"), null)).isEqualTo("2001:db8:0:0:0:0:0:42");
    }

    @Test
    void realIpHeaderFromLoopbackIsIgnoredForItIsNoConfiguredProxy() {
        assertThat(noConfiguration.resolve(ip("127.0.0.1"), List.of(), "198.51.100.23")).isEqualTo("127.0.0.1");
        assertThat(noConfiguration.resolve(ip("::1"), List.of(), "2001:db8::7")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(new ClientIpResolver("127.0.0.1/32").resolve(ip("127.0.0.1"), List.of(), "198.51.100.23"))
                .as("unless loopback is configured").isEqualTo("198.51.100.23");
    }

    @Test
    void ipv4MappedPeerIsItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 203, 0, 113, 9};
        InetAddress peer = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(noConfiguration.resolve(peer, List.of(), null)).isEqualTo("203.0.113.9");
        assertThat(ClientIpResolver.limitKey(peer)).isEqualTo("203.0.113.9");
        assertThat(behindLoadBalancers.resolve(Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 1}, -1),
                List.of("198.51.100.23"), null)).as("a mapped proxy address is trusted as IPv4").isEqualTo("198.51.100.23");
    }

    @Test
    void limitsCountIpv4PerAddressAndIpv6PerSlash64() {
        assertThat(ClientIpResolver.limitKey("198.51.100.23")).isEqualTo("198.51.100.23");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bb:1:2:3:4")).isEqualTo("2001:db8:aa:bb::/64");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bb::ffff")).isEqualTo("2001:db8:aa:bb::/64");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bc::1")).isEqualTo("2001:db8:aa:bc::/64");
        assertThat(ClientIpResolver.limitKey("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(ClientIpResolver.limitKey("::ffff:198.51.100.23")).isEqualTo("198.51.100.23");
    }

    @Test
    void privateNetworkIsNotTrustedUnlessConfigured() {
        assertThat(noConfiguration.resolve(ip("10.1.2.3"), List.of("198.51.100.23"), null)).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6ProxyRangeIsTrusted() {
        assertThat(behindLoadBalancers.resolve(ip("2001:db8:ffff:1::9"), List.of("203.0.113.50"), null))
                .isEqualTo("203.0.113.50");
        assertThat(behindLoadBalancers.resolve(ip("2001:db8:fffe::9"), List.of("203.0.113.50"), null))
                .isEqualTo("2001:db8:fffe:0:0:0:0:9");
    }

    @Test
    void allHopsTrustedGivesTheLeftmost() {
        assertThat(behindLoadBalancers.resolve(ip("10.0.0.1"), List.of("10.9.9.9, 10.0.0.2"), null)).isEqualTo("10.9.9.9");
    }

    @Test
    void malformedTrustedProxyConfigurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ClientIpResolver("10.0.0.0/8, proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meridian.trusted-proxies")
                .hasMessageContaining("proxy.internal");
    }
}
