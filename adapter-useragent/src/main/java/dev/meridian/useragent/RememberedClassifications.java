package dev.meridian.useragent;

import dev.meridian.ports.model.ClientDevice;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link UserAgentDeviceDetector} answered for the User-Agents a server saw most, kept from one run to the next
 * ({@link RememberedClassificationsFile}) so the next start answers them before the parser is loaded. The parser's
 * answer is a function of the header and the build alone, so a remembered answer is the parser's answer as long as
 * the build is the same (which the file's fingerprint checks). Keys are the detector's cache keys (stripped, cut to
 * {@value UserAgentDeviceDetector#MAX_USER_AGENT_LENGTH} characters), hottest first.
 */
public final class RememberedClassifications {

    /** Nothing remembered: every look-up misses. */
    public static final RememberedClassifications NONE = new RememberedClassifications(Map.of());

    private final Map<String, ClientDevice> byUserAgent;

    RememberedClassifications(Map<String, ClientDevice> byUserAgent) {
        LinkedHashMap<String, ClientDevice> copy = new LinkedHashMap<>(byUserAgent);
        copy.forEach((userAgent, device) -> {
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(device, "device");
        });
        this.byUserAgent = Collections.unmodifiableMap(copy);
    }

    /**
     * Remembered answers as a detector would look them up (keys stripped and cut as the cache's; headers too short
     * for a browser left out: the detector answers them without its cache), in the order given (hottest first).
     */
    public static RememberedClassifications of(Map<String, ClientDevice> byUserAgent) {
        LinkedHashMap<String, ClientDevice> keyed = new LinkedHashMap<>();
        byUserAgent.forEach((userAgent, device) -> {
            if (!RobotSignatures.tooShortForABrowser(userAgent)) {
                keyed.putIfAbsent(UserAgentDeviceDetector.cacheKey(userAgent), device);
            }
        });
        return new RememberedClassifications(keyed);
    }

    /**
     * The remembered answer for {@code userAgent}, looked up as the detector looks up its cache; null when not
     * remembered (a header too short for a browser never is: the detector answers it without its cache).
     */
    public ClientDevice lookUp(String userAgent) {
        if (userAgent == null || byUserAgent.isEmpty()) {
            return null;
        }
        return byUserAgent.get(UserAgentDeviceDetector.cacheKey(userAgent));
    }

    public int size() {
        return byUserAgent.size();
    }

    public boolean isEmpty() {
        return byUserAgent.isEmpty();
    }

    /** Keys and answers, hottest first. */
    Map<String, ClientDevice> entries() {
        return byUserAgent;
    }

    /** The first {@code count} entries (the hottest). */
    public RememberedClassifications first(int count) {
        if (count >= byUserAgent.size()) {
            return this;
        }
        LinkedHashMap<String, ClientDevice> kept = new LinkedHashMap<>();
        for (Map.Entry<String, ClientDevice> entry : byUserAgent.entrySet()) {
            if (kept.size() == count) {
                break;
            }
            kept.put(entry.getKey(), entry.getValue());
        }
        return new RememberedClassifications(kept);
    }
}
