package dev.meridian.http.tracking;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client that sent a request (API.md §3), and the address group its limits count against.
 *
 * <p>The socket peer is the client, unless the peer is a trusted proxy: then {@code X-Forwarded-For} is read
 * from the right (each proxy appends the address it saw) and the first address that is not itself a trusted
 * proxy is the client. Headers from an untrusted peer are ignored, so a browser cannot claim another address.
 * Trusted for {@code X-Forwarded-For}: loopback ({@code 127.0.0.0/8}, {@code ::1}: a reverse proxy on the same
 * host, which appends the address it saw, so what a client wrote stays left of it) and
 * {@code meridian.trusted-proxies}, a comma-separated list of CIDR blocks.
 *
 * <p>{@code x-datafast-real-ip} (read when there is no {@code X-Forwarded-For}) is believed only from
 * {@code meridian.trusted-proxies}, never from loopback alone: a proxy passes headers it does not know through
 * unchanged, so from a local proxy that sets no {@code X-Forwarded-For} the header would be the client's own
 * claim.
 */
@Singleton
public class ClientIpResolver {

    /** Configuration key of the extra trusted proxies. */
    public static final String TRUSTED_PROXIES = "meridian.trusted-proxies";

    private static final List<IpRange> LOOPBACK = List.of(IpRange.parse("127.0.0.0/8"), IpRange.parse("::1/128"));

    /** Bytes of an IPv6 address that name its /64 network, the unit one subscriber is usually given. */
    private static final int IPV6_GROUP_BYTES = 8;

    private final List<IpRange> configuredProxies;

    public ClientIpResolver(@Nullable @Value("${" + TRUSTED_PROXIES + ":}") String trustedProxies) {
        List<IpRange> ranges = new ArrayList<>();
        if (trustedProxies != null) {
            for (String cidr : trustedProxies.split(",")) {
                if (!cidr.isBlank()) {
                    try {
                        ranges.add(IpRange.parse(cidr));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(TRUSTED_PROXIES + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        this.configuredProxies = List.copyOf(ranges);
    }

    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";
    static final String REAL_IP_HEADER = "x-datafast-real-ip";
    private static final String RESOLVED = ClientIpResolver.class.getName() + ".clientIp";

    /**
     * The client address of {@code request}, resolved once per request (the rate limiter and the tracking
     * endpoint both need it) and kept as a request attribute.
     */
    public String resolve(HttpRequest<?> request) {
        return address(request).getHostAddress();
    }

    /**
     * What limits per client address count {@code request} against: its client's IPv4 address, or the /64 network
     * of its IPv6 address ({@code 2001:db8:1:2::/64}), since one subscriber usually holds a whole /64 and could
     * otherwise make up a fresh address, and so a fresh allowance, for every request. An IPv4 address written as
     * IPv6 ({@code ::ffff:198.51.100.7}) counts as that IPv4 address.
     */
    public String limitKey(HttpRequest<?> request) {
        return limitKey(address(request));
    }

    /** As {@link #limitKey(HttpRequest)}, for an address. */
    public static String limitKey(InetAddress address) {
        InetAddress canonical = IpAddresses.canonical(address);
        if (canonical instanceof Inet4Address) {
            return canonical.getHostAddress();
        }
        byte[] bytes = canonical.getAddress();
        StringBuilder network = new StringBuilder(24);
        for (int i = 0; i < IPV6_GROUP_BYTES; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
        }
        return network.append(":/64").toString();
    }

    private InetAddress address(HttpRequest<?> request) {
        return request.getAttribute(RESOLVED, InetAddress.class).orElseGet(() -> {
            InetAddress client = resolveAddress(request.getRemoteAddress().getAddress(),
                    request.getHeaders().getAll(FORWARDED_FOR_HEADER), request.getHeaders().get(REAL_IP_HEADER));
            request.setAttribute(RESOLVED, client);
            return client;
        });
    }

    /**
     * @param peer          the socket's remote address
     * @param forwardedFor  every {@code X-Forwarded-For} header value, in order received (may be empty)
     * @param realIp        the {@code x-datafast-real-ip} header, or {@code null}
     * @return the client's address as text ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:1})
     */
    public String resolve(InetAddress peer, List<String> forwardedFor, @Nullable String realIp) {
        return resolveAddress(peer, forwardedFor, realIp).getHostAddress();
    }

    private InetAddress resolveAddress(InetAddress socketPeer, List<String> forwardedFor, @Nullable String realIp) {
        InetAddress peer = IpAddresses.canonical(socketPeer);
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        if (hops.isEmpty()) {
            return isConfiguredProxy(peer) ? IpAddresses.parse(realIp).orElse(peer) : peer;
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
            if (hop.isEmpty()) {
                break; // garbage written by someone before our proxies: the last address we could trust stands
            }
            client = hop.get();
        }
        return client;
    }

    /** A proxy whose {@code X-Forwarded-For} is believed: loopback or a configured one. */
    boolean isTrusted(InetAddress address) {
        for (IpRange range : LOOPBACK) {
            if (range.contains(address)) {
                return true;
            }
        }
        return isConfiguredProxy(address);
    }

    private boolean isConfiguredProxy(InetAddress address) {
        for (IpRange range : configuredProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** For tests: the /64 of an address given as text. */
    static String limitKey(String address) {
        return limitKey(IpAddresses.parse(address).orElseThrow(() -> new IllegalArgumentException(address)));
    }
}
