package dev.meridian.useragent;

import dev.meridian.ports.out.DeviceDetector;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measurement harness (not a test): start-up time, heap after load, corpus accuracy and parse throughput of one
 * parser library behind our detector. One library per JVM so start-up and heap are not skewed by the other:
 *
 * <pre>
 * java -cp "$CP" dev.meridian.useragent.UserAgentBenchmark yauaa|uap [seconds]
 * </pre>
 *
 * See docs/user-agents.md for the full command and the figures.
 */
public final class UserAgentBenchmark {

    private UserAgentBenchmark() {}

    public static void main(String[] args) {
        String library = args.length > 0 ? args[0] : "yauaa";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        List<UserAgentCorpus.Entry> corpus = UserAgentCorpus.load();
        Supplier<AgentParser> newParser = switch (library) {
            case "yauaa" -> () -> new YauaaAgentParser(YauaaAgentParser.buildFromRules());
            case "uap" -> UapAgentParser::new;
            default -> throw new IllegalArgumentException("library must be yauaa or uap, got " + library);
        };
        String vocabulary = library.equals("yauaa") ? UserAgentDeviceDetector.YAUAA_VOCABULARY : "uap-vocabulary.tsv";

        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        AgentParser parser = newParser.get();
        UserAgentDeviceDetector uncached = new UserAgentDeviceDetector(parser, Vocabulary.fromResource(vocabulary),
                RobotSignatures.fromResource(UserAgentDeviceDetector.ROBOT_SIGNATURES), 0);
        uncached.detect(corpus.get(0).userAgent());
        double startupMs = (System.nanoTime() - start) / 1e6;
        long heapAfter = usedHeapAfterGc();

        CorpusScore score = CorpusScore.of(uncached, corpus);
        double uncachedRate = rate(uncached, corpus, seconds);
        UserAgentDeviceDetector cached = uncached.withOwnCache(UserAgentDeviceDetector.DEFAULT_CACHE_SIZE);
        double cachedRate = rate(cached, corpus, seconds);

        System.out.printf("| %s | %.0f ms | %.0f MB | %s | %s | %s | %s | %,.0f | %,.0f |%n", library, startupMs,
                (heapAfter - heapBefore) / 1e6, score.browser(), score.os(), score.device(), score.robot(),
                uncachedRate, cachedRate);
        score.misses().forEach(miss -> System.out.println("  miss " + miss));
        // keep the parser reachable until after the heap figure
        if (parser.hashCode() == 42) {
            System.out.println();
        }
    }

    /** User-Agents per second through the detector, over the corpus, after a warm-up of the same length. */
    private static double rate(DeviceDetector detector, List<UserAgentCorpus.Entry> corpus, long seconds) {
        run(detector, corpus, seconds * 1_000_000_000L);
        long started = System.nanoTime();
        long count = run(detector, corpus, seconds * 1_000_000_000L);
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static long run(DeviceDetector detector, List<UserAgentCorpus.Entry> corpus, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (UserAgentCorpus.Entry entry : corpus) {
                sink += detector.detect(entry.userAgent()).hashCode();
                count++;
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        return count;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
