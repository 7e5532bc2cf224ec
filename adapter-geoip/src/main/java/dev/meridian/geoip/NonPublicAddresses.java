package dev.meridian.geoip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses that never locate a visitor: private, loopback, link-local, multicast, unspecified, shared (CGNAT). */
final class NonPublicAddresses {

    private NonPublicAddresses() {}

    static boolean contains(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // RFC 6598 shared address space
                    || first >= 240; // reserved and limited broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // RFC 4193 unique local fc00::/7
        }
        return false;
    }
}
