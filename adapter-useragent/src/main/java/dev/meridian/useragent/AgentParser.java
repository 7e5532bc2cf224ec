package dev.meridian.useragent;

/** One User-Agent parser library behind {@link UserAgentDeviceDetector}. Implementations are thread-safe. */
@FunctionalInterface
interface AgentParser {

    /** @param userAgent a non-blank header of reasonable length */
    ParsedUserAgent parse(String userAgent);
}
