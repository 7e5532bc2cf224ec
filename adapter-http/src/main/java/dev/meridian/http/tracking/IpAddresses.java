package dev.meridian.http.tracking;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IP address literals without ever resolving a host name ({@link InetAddress#getByName} would look a
 * name up in DNS, and header values are attacker-controlled).
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * An IPv4 literal ({@code 203.0.113.7}), an IPv6 literal ({@code 2001:db8::1}, also in brackets), each
     * optionally with a port as proxies sometimes write it ({@code 203.0.113.7:5123}, {@code [2001:db8::1]:443}).
     * IPv4-mapped IPv6 addresses come back as IPv4.
     */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            return parseIpv6(literal.substring(1, end));
        }
        int colons = 0;
        for (int i = 0; i < literal.length(); i++) {
            if (literal.charAt(i) == ':') {
                colons++;
            }
        }
        if (colons == 1) {
            literal = literal.substring(0, literal.indexOf(':')); // IPv4 with a port
        } else if (colons > 1) {
            return parseIpv6(literal);
        }
        return parseIpv4(literal);
    }

    /** Four dot-separated decimal parts of 1–3 digits, each at most 255 (called per tracked event: no regex). */
    private static Optional<InetAddress> parseIpv4(String literal) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= literal.length(); i++) {
            char c = i < literal.length() ? literal.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || part == 4) {
                    return Optional.empty();
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? fromBytes(bytes) : Optional.empty();
    }

    private static Optional<InetAddress> parseIpv6(String literal) {
        // only hex digits, ':' and '.' (embedded IPv4); a '%' zone id is not accepted from the network
        if (literal.isEmpty() || !literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        try {
            // a string containing ':' is parsed as an IPv6 literal, never looked up
            return Optional.of(InetAddress.getByName("[" + literal + "]"));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * An IPv4-mapped IPv6 address ({@code ::ffff:198.51.100.7}, as a dual-stack socket may report an IPv4 peer) as
     * the IPv4 address it is; any other address as it is.
     */
    static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return address;
                }
            }
            if (bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
                return fromBytes(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}).orElse(address);
            }
        }
        return address;
    }

    private static Optional<InetAddress> fromBytes(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
