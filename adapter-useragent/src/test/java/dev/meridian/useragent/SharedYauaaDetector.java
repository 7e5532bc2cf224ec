package dev.meridian.useragent;

/** One production detector for all test classes of this JVM: loading Yauaa's rules takes seconds. */
final class SharedYauaaDetector {

    private static final class Holder {
        static final UserAgentDeviceDetector DETECTOR = UserAgentDeviceDetector.create();
    }

    private SharedYauaaDetector() {}

    /** Built by the production factory {@link UserAgentDeviceDetector#create()}. */
    static UserAgentDeviceDetector get() {
        return Holder.DETECTOR;
    }

    /** A detector with its own cache over the shared Yauaa parser. */
    static UserAgentDeviceDetector withCacheSize(long cacheSize) {
        return Holder.DETECTOR.withOwnCache(cacheSize);
    }
}
