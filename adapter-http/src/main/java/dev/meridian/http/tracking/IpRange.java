package dev.meridian.http.tracking;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address ({@code 192.0.2.1} means
 * {@code /32}). IPv4-mapped IPv6 addresses arrive as IPv4, so IPv4 ranges match them.
 */
final class IpRange {

    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException not an address or CIDR block (a configuration error; names the value) */
    static IpRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean looksLikePort = address.startsWith("[") || address.chars().filter(c -> c == ':').count() == 1;
        InetAddress parsed = (looksLikePort ? null : IpAddresses.parse(address).orElse(null));
        if (parsed == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR block: '" + cidr + "'");
        }
        byte[] bytes = parsed.getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3
                    || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("Not a CIDR prefix length in '" + cidr + "'");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > maxPrefix) {
                throw new IllegalArgumentException("Prefix length above " + maxPrefix + " in '" + cidr + "'");
            }
        }
        return new IpRange(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return Arrays.toString(network) + "/" + prefixLength;
    }
}
