package dev.meridian.useragent;

import java.util.concurrent.atomic.AtomicInteger;

/** For tests: a parser that answers from the header's first word and counts its calls. */
final class CountingParser implements AgentParser {

    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ParsedUserAgent parse(String userAgent) {
        calls.incrementAndGet();
        return new ParsedUserAgent(userAgent.split(" ")[0], "Windows NT", "Desktop", false);
    }

    /** The detector over {@code parser} with the build's vocabulary and robot signatures. */
    static UserAgentDeviceDetector detector(AgentParser parser, long cacheSize) {
        return new UserAgentDeviceDetector(parser, Vocabulary.fromResource(UserAgentDeviceDetector.YAUAA_VOCABULARY),
                RobotSignatures.fromResource(UserAgentDeviceDetector.ROBOT_SIGNATURES), cacheSize);
    }
}
