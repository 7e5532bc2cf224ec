package dev.meridian.useragent;

import com.esotericsoftware.kryo.KryoException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.SystemInfo;
import dev.meridian.ports.out.DeviceDetector;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeviceDetector} on the Yauaa User-Agent parser, in the hosted product's vocabulary, behind a bounded
 * Caffeine cache. Thread-safe; build one per process: {@link #create} reads the analyzer the build made from Yauaa's
 * rules ({@link AnalyzerSnapshot}: a third of the CPU of building it from the rules, which it does only when that
 * snapshot is missing or stale), then parses a few sample User-Agents so the first requests do not run interpreted
 * code.
 *
 * <p>Robots: what the library classes as a crawler, script, tool or attack; headers matching a robot signature
 * (headless browsers, audit tools); and a missing, blank or shorter-than-{@value RobotSignatures#MIN_BROWSER_LENGTH}
 * -character header. Headers longer than {@value #MAX_USER_AGENT_LENGTH} characters are cut to that length before
 * parsing and caching, so an attacker cannot fill the cache with huge keys.
 */
public final class UserAgentDeviceDetector implements DeviceDetector {

    /** Default number of distinct User-Agents kept. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    static final int MAX_USER_AGENT_LENGTH = 512;

    static final String YAUAA_VOCABULARY = "yauaa-vocabulary.tsv";
    static final String ROBOT_SIGNATURES = "robot-signatures.txt";

    /** Sample User-Agents parsed once after loading (Yauaa's own preheat list). */
    static final int PREHEAT_PARSES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(UserAgentDeviceDetector.class);
    private static final ClientDevice UNKNOWN_ROBOT = new ClientDevice(SystemInfo.UNKNOWN, true);

    private final AgentParser parser;
    private final Vocabulary vocabulary;
    private final RobotSignatures robotSignatures;
    private final Cache<String, ClientDevice> cache;
    /** Built once: a method reference written at the call would be a new object on every look-up. */
    private final Function<String, ClientDevice> analyse = this::analyse;

    UserAgentDeviceDetector(AgentParser parser, Vocabulary vocabulary, RobotSignatures robotSignatures, long cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("User-Agent cache size must be 0 or more, got " + cacheSize);
        }
        this.parser = parser;
        this.vocabulary = vocabulary;
        this.robotSignatures = robotSignatures;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
    }

    /** A Yauaa-backed detector caching {@link #DEFAULT_CACHE_SIZE} User-Agents. */
    public static UserAgentDeviceDetector create() {
        return create(DEFAULT_CACHE_SIZE);
    }

    /**
     * A Yauaa-backed detector.
     *
     * @param cacheSize how many distinct User-Agents to keep (0 = no cache)
     */
    public static UserAgentDeviceDetector create(long cacheSize) {
        YauaaAgentParser parser = new YauaaAgentParser(loadAnalyzer());
        parser.preheat(PREHEAT_PARSES);
        return new UserAgentDeviceDetector(
                parser,
                Vocabulary.fromResource(YAUAA_VOCABULARY),
                RobotSignatures.fromResource(ROBOT_SIGNATURES),
                cacheSize);
    }

    private static UserAgentAnalyzer loadAnalyzer() {
        try {
            Optional<UserAgentAnalyzer> snapshot = AnalyzerSnapshot.fromClasspath();
            if (snapshot.isPresent()) {
                return snapshot.get();
            }
            LOG.warn("No User-Agent analyzer snapshot for this Yauaa ({}) on the classpath: building it from Yauaa's "
                    + "rules, which takes several seconds (docs/user-agents.md, \"Loading\")", AnalyzerSnapshot.fingerprint());
        } catch (KryoException | UncheckedIOException e) {
            LOG.warn("The User-Agent analyzer snapshot cannot be read: building it from Yauaa's rules, which takes several "
                    + "seconds", e);
        }
        return YauaaAgentParser.buildFromRules();
    }

    @Override
    public ClientDevice detect(String userAgent) {
        if (RobotSignatures.tooShortForABrowser(userAgent)) {
            return UNKNOWN_ROBOT;
        }
        return cache.get(cacheKey(userAgent), analyse);
    }

    /** What a header is cached (and remembered) under: stripped, cut to {@value #MAX_USER_AGENT_LENGTH} characters. */
    static String cacheKey(String userAgent) {
        String key = userAgent.strip();
        return key.length() > MAX_USER_AGENT_LENGTH ? key.substring(0, MAX_USER_AGENT_LENGTH) : key;
    }

    private ClientDevice analyse(String userAgent) {
        ParsedUserAgent parsed = parser.parse(userAgent);
        SystemInfo system = vocabulary.translate(parsed);
        boolean robot = parsed.robot() || robotSignatures.matches(userAgent);
        return new ClientDevice(system, robot, parsed.details());
    }

    /**
     * Another detector over the same parser, vocabulary and signatures, with its own cache: costs nothing, so the
     * parser can be loaded before the configured cache size is known.
     *
     * @param cacheSize how many distinct User-Agents to keep (0 = no cache)
     */
    public UserAgentDeviceDetector withOwnCache(long cacheSize) {
        return new UserAgentDeviceDetector(parser, vocabulary, robotSignatures, cacheSize);
    }

    /**
     * The answers for the {@code count} User-Agents of the cache most likely to be asked again, hottest first: what a
     * server remembers for its next start. Caffeine's {@code hottest}: the whole cache when it holds no more than
     * {@code count}; otherwise the most used ones, as far as Caffeine can tell (it counts uses once the cache is half
     * full; before that, recently used ones come first).
     */
    public RememberedClassifications hottest(int count) {
        if (count <= 0) {
            return RememberedClassifications.NONE;
        }
        Map<String, ClientDevice> hottest = cache.policy().eviction()
                .map(eviction -> eviction.hottest(count))
                .orElseGet(() -> cache.asMap().entrySet().stream().limit(count)
                        .collect(LinkedHashMap::new, (map, e) -> map.put(e.getKey(), e.getValue()), Map::putAll));
        return new RememberedClassifications(hottest);
    }

    /**
     * Asks this detector for every remembered User-Agent (which puts its answer in the cache, as a request would) and
     * returns those whose remembered answer differs from this detector's: empty when the remembered answers are
     * this build's.
     */
    public List<String> disagreements(RememberedClassifications remembered) {
        List<String> differing = new ArrayList<>();
        remembered.entries().forEach((userAgent, device) -> {
            if (!detect(userAgent).equals(device)) {
                differing.add(userAgent);
            }
        });
        return differing;
    }

    /** Entries in the cache now (after pending evictions): never more than the configured size. */
    long cachedEntries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
