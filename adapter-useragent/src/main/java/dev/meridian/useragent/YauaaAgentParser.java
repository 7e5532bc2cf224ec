package dev.meridian.useragent;

import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Yauaa (nl.basjes.parse.useragent) asked for only the four fields we use, which keeps its rule set and
 * start-up smaller. Yauaa's own cache is off: {@link UserAgentDeviceDetector} caches the mapped result.
 */
final class YauaaAgentParser implements AgentParser {

    static final String AGENT_CLASS = "AgentClass";
    static final String AGENT_NAME = "AgentName";
    static final String OPERATING_SYSTEM_NAME = "OperatingSystemName";
    static final String DEVICE_CLASS = "DeviceClass";

    /** Yauaa's agent and device classes that are not a person's browser. */
    private static final Set<String> ROBOT_CLASSES =
            Set.of("Robot", "Robot Mobile", "Robot Imitator", "Cloud Application", "Special", "Hacker", "Spy");

    private final UserAgentAnalyzer analyzer;

    YauaaAgentParser() {
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .withFields(AGENT_CLASS, AGENT_NAME, OPERATING_SYSTEM_NAME, DEVICE_CLASS)
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
                parsed.getValue(AGENT_NAME), parsed.getValue(OPERATING_SYSTEM_NAME), deviceClass, robot);
    }
}
