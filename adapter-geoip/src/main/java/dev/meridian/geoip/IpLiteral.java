package dev.meridian.geoip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict parser for IPv4 and IPv6 address literals that never consults DNS.
 *
 * <p>{@link InetAddress#getByName(String)} resolves anything that is not a literal as a host name, so a
 * User-supplied header like {@code example.com} would trigger a DNS look-up. This parser turns the text into
 * bytes itself and only then calls {@link InetAddress#getByAddress(byte[])}, which never resolves.
 *
 * <p>Accepted: dotted-quad IPv4 ({@code 81.2.69.160}, no leading zeros, each part 0-255); IPv6 in full, compressed
 * ({@code ::}) or with an embedded IPv4 tail ({@code ::ffff:81.2.69.160}), optionally in brackets and with a zone
 * id ({@code fe80::1%eth0}). IPv4-mapped IPv6 addresses come back as {@link java.net.Inet4Address}.
 */
final class IpLiteral {

    /** Longer than any literal with a reasonable zone id: rejected without looking further. */
    private static final int MAX_LENGTH = 64;

    private IpLiteral() {}

    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes = s.indexOf(':') < 0 ? ipv4(s) : ipv6(s);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossibleForFourOrSixteenBytes) {
            return Optional.empty();
        }
    }

    /** Dotted quad to 4 bytes, or null. */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int value = decimalOctet(s, start, i);
                if (value < 0) {
                    return null;
                }
                out[part++] = (byte) value;
                start = i + 1;
            }
        }
        return part == 4 ? out : null;
    }

    private static int decimalOctet(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && s.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** IPv6 text (possibly bracketed, with zone id) to 16 bytes, or null. */
    private static byte[] ipv6(String s) {
        if (s.startsWith("[")) {
            if (!s.endsWith("]")) {
                return null;
            }
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return null;
            }
            s = s.substring(0, zone);
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = groups(s, true);
            tail = new int[0];
            if (head == null || head.length != 8) {
                return null;
            }
        } else {
            String before = s.substring(0, gap);
            String after = s.substring(gap + 2);
            head = before.isEmpty() ? new int[0] : groups(before, false);
            tail = after.isEmpty() ? new int[0] : groups(after, true);
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        int offset = 8 - tail.length;
        for (int i = 0; i < tail.length; i++) {
            out[2 * (offset + i)] = (byte) (tail[i] >>> 8);
            out[2 * (offset + i) + 1] = (byte) tail[i];
        }
        return out;
    }

    /**
     * Colon-separated 16-bit hex groups; when {@code ipv4TailAllowed}, the last part may be a dotted quad that
     * counts as two groups. Null when anything is malformed (including empty parts).
     */
    private static int[] groups(String s, boolean ipv4TailAllowed) {
        String[] parts = s.split(":", -1);
        boolean ipv4Tail = ipv4TailAllowed && parts[parts.length - 1].indexOf('.') >= 0;
        int count = parts.length + (ipv4Tail ? 1 : 0);
        if (count > 8) {
            return null;
        }
        int[] out = new int[count];
        int hexParts = ipv4Tail ? parts.length - 1 : parts.length;
        for (int i = 0; i < hexParts; i++) {
            int value = hexGroup(parts[i]);
            if (value < 0) {
                return null;
            }
            out[i] = value;
        }
        if (ipv4Tail) {
            byte[] v4 = ipv4(parts[parts.length - 1]);
            if (v4 == null) {
                return null;
            }
            out[count - 2] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            out[count - 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return out;
    }

    private static int hexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            int digit = Character.digit(part.charAt(i), 16);
            if (digit < 0 || part.charAt(i) > 'f') {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
