package dev.meridian.http.tracking;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client that sent a tracking request (API.md §3).
 *
 * <p>The socket peer is the client, unless the peer is a trusted proxy: then {@code X-Forwarded-For} is read
 * from the right (each proxy appends the address it saw) and the first address that is not itself a trusted
 * proxy is the client; without {@code X-Forwarded-For}, {@code x-datafast-real-ip} names it. Headers from an
 * untrusted peer are ignored, so a browser cannot claim another address. Loopback ({@code 127.0.0.0/8},
 * {@code ::1}) is always trusted; {@code meridian.trusted-proxies} adds a comma-separated list of CIDR blocks.
 */
@Singleton
public class ClientIpResolver {

    /** Configuration key of the extra trusted proxies. */
    public static final String TRUSTED_PROXIES = "meridian.trusted-proxies";

    private static final List<String> ALWAYS_TRUSTED = List.of("127.0.0.0/8", "::1/128");

    private final List<IpRange> trustedProxies;

    public ClientIpResolver(@Nullable @Value("${" + TRUSTED_PROXIES + ":}") String trustedProxies) {
        List<IpRange> ranges = new ArrayList<>();
        ALWAYS_TRUSTED.forEach(cidr -> ranges.add(IpRange.parse(cidr)));
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
        this.trustedProxies = List.copyOf(ranges);
    }

    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";
    static final String REAL_IP_HEADER = "x-datafast-real-ip";
    private static final String RESOLVED = ClientIpResolver.class.getName() + ".clientIp";

    /**
     * The client address of {@code request}, resolved once per request (the rate limiter and the tracking
     * endpoint both need it) and kept as a request attribute.
     */
    public String resolve(HttpRequest<?> request) {
        return request.getAttribute(RESOLVED, String.class).orElseGet(() -> {
            String clientIp = resolve(request.getRemoteAddress().getAddress(),
                    request.getHeaders().getAll(FORWARDED_FOR_HEADER), request.getHeaders().get(REAL_IP_HEADER));
            request.setAttribute(RESOLVED, clientIp);
            return clientIp;
        });
    }

    /**
     * @param peer          the socket's remote address
     * @param forwardedFor  every {@code X-Forwarded-For} header value, in order received (may be empty)
     * @param realIp        the {@code x-datafast-real-ip} header, or {@code null}
     * @return the client's address as text ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:1})
     */
    public String resolve(InetAddress peer, List<String> forwardedFor, @Nullable String realIp) {
        if (!isTrusted(peer)) {
            return peer.getHostAddress();
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
            return IpAddresses.parse(realIp).orElse(peer).getHostAddress();
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
            if (hop.isEmpty()) {
                break; // garbage written by someone before our proxies: the last address we could trust stands
            }
            client = hop.get();
        }
        return client.getHostAddress();
    }

    boolean isTrusted(InetAddress address) {
        for (IpRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
