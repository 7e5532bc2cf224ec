package dev.meridian.useragent;

import dev.meridian.ports.model.DeviceDetails;
import java.util.List;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Yauaa (nl.basjes.parse.useragent) asked for only the fields we use ({@link #FIELDS}), which keeps its rule set and
 * start-up smaller. Yauaa's own cache is off: {@link UserAgentDeviceDetector} caches the mapped result.
 * The analyzer normally comes from the snapshot the build wrote ({@link AnalyzerSnapshot}); built from Yauaa's
 * rules only when that snapshot is missing or was made by another Yauaa.
 */
final class YauaaAgentParser implements AgentParser {

    static final String AGENT_CLASS = "AgentClass";
    static final String AGENT_NAME = "AgentName";
    static final String OPERATING_SYSTEM_NAME = "OperatingSystemName";
    static final String DEVICE_CLASS = "DeviceClass";
    static final String AGENT_VERSION = "AgentVersion";
    static final String OPERATING_SYSTEM_VERSION = "OperatingSystemVersion";
    static final String DEVICE_BRAND = "DeviceBrand";
    static final String DEVICE_NAME = "DeviceName";

    /** The fields we read, in the order the snapshot's fingerprint lists them. */
    static final List<String> FIELDS = List.of(AGENT_CLASS, AGENT_NAME, OPERATING_SYSTEM_NAME, DEVICE_CLASS,
            AGENT_VERSION, OPERATING_SYSTEM_VERSION, DEVICE_BRAND, DEVICE_NAME);

    /** Yauaa's values for "it does not say" ({@code Unknown}, {@code ??}). */
    private static final Set<String> UNKNOWN_VALUES = Set.of("Unknown", "??", "");

    /** Yauaa's agent and device classes that are not a person's browser. */
    private static final Set<String> ROBOT_CLASSES =
            Set.of("Robot", "Robot Mobile", "Robot Imitator", "Cloud Application", "Special", "Hacker", "Spy");

    private final UserAgentAnalyzer analyzer;

    YauaaAgentParser(UserAgentAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** From Yauaa's rules: what the build snapshots, and the fallback when there is no usable snapshot (seconds). */
    static UserAgentAnalyzer buildFromRules() {
        return UserAgentAnalyzer.newBuilder()
                .withFields(FIELDS)
                .withoutCache()
                .hideMatcherLoadStats()
                .dropTests()
                .immediateInitialization()
                .build();
    }

    @Override
    public ParsedUserAgent parse(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        String agentClass = parsed.getValue(AGENT_CLASS);
        String deviceClass = parsed.getValue(DEVICE_CLASS);
        boolean robot = ROBOT_CLASSES.contains(agentClass) || ROBOT_CLASSES.contains(deviceClass);
        return new ParsedUserAgent(
                parsed.getValue(AGENT_NAME), parsed.getValue(OPERATING_SYSTEM_NAME), deviceClass, robot,
                details(parsed));
    }

    /**
     * Versions as Yauaa gives them ({@code 126}, {@code 17.5}, {@code >=10.15.7} when a frozen User-Agent only tells
     * a lower bound); the maker is Yauaa's {@code DeviceBrand}; the model is its {@code DeviceName} without the brand
     * in front ({@code Samsung SM-S918B} → {@code SM-S918B}), and unknown when the brand is: Yauaa then names only a
     * class of device ({@code Desktop}, {@code Linux Desktop}, {@code Android Mobile}).
     */
    static DeviceDetails details(UserAgent parsed) {
        String brand = known(parsed.getValue(DEVICE_BRAND));
        String name = known(parsed.getValue(DEVICE_NAME));
        String model = null;
        if (brand != null && name != null) {
            model = name.startsWith(brand + " ") ? name.substring(brand.length() + 1).strip() : name;
            model = model.isEmpty() ? null : model;
        }
        return new DeviceDetails(known(parsed.getValue(AGENT_VERSION)), known(parsed.getValue(OPERATING_SYSTEM_VERSION)),
                brand, model);
    }

    private static String known(String value) {
        return value == null || UNKNOWN_VALUES.contains(value.strip()) ? null : value.strip();
    }

    /** Parses Yauaa's built-in sample of User-Agents {@code times} times, so the first requests find compiled code. */
    void preheat(int times) {
        analyzer.preHeat(times, false);
    }
}
