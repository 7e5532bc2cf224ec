package dev.meridian.useragent;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import nl.basjes.parse.useragent.UserAgentAnalyzer.UserAgentAnalyzerBuilder;

/**
 * Measurement harness (not a test): how long one way of getting a ready Yauaa analyzer takes in a fresh JVM, and how
 * long its first parses take. One way per JVM, since what is measured is a cold start:
 *
 * <pre>
 * java -cp "$CP" dev.meridian.useragent.ParserLoadBenchmark MODE [FILE]
 * </pre>
 *
 * MODE: {@code build} (our fields, YauaaAgentParser.FIELDS, no Yauaa cache, tests dropped, immediate initialisation), {@code lazy} (the same,
 * matchers initialised by the first parse), {@code cache} (with Yauaa's own cache of 10,000), {@code preheat}
 * (build + Yauaa's preheat), {@code full} (every field), {@code snapshot} (the build's Kryo snapshot from the
 * classpath), {@code java-write FILE} / {@code kryo-write FILE} (build and serialise), {@code java FILE} /
 * {@code kryo FILE} (deserialise). {@code -Dpreheat=N} parses N of Yauaa's sample User-Agents once ready. Prints one
 * line: ms from JVM start to main, ms to a ready analyzer (and the JVM's CPU ms by then), ms of the preheat, ms for
 * the first parse (and CPU ms by then), ms for the 242-agent corpus right after, used heap.
 */
public final class ParserLoadBenchmark {

    private ParserLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        long jvmToMain = ManagementFactory.getRuntimeMXBean().getUptime();
        String mode = args[0];
        long start = System.nanoTime();
        UserAgentAnalyzer analyzer = switch (mode) {
            case "build", "java-write", "kryo-write" -> ourFields().immediateInitialization().build();
            case "lazy" -> ourFields().delayInitialization().build();
            case "cache" -> UserAgentAnalyzer.newBuilder().withFields(fields()).withCache(10_000)
                    .hideMatcherLoadStats().dropTests().immediateInitialization().build();
            case "preheat" -> ourFields().immediateInitialization().preheat().build();
            case "full" -> UserAgentAnalyzer.newBuilder().withoutCache().hideMatcherLoadStats().dropTests()
                    .immediateInitialization().build();
            case "snapshot" -> AnalyzerSnapshot.fromClasspath().orElseThrow();
            case "java" -> readJava(Path.of(args[1]));
            case "kryo" -> readKryo(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        long ready = System.nanoTime();
        long readyCpu = cpuMs();
        int preheat = Integer.getInteger("preheat", 0);
        if (preheat > 0) {
            analyzer.preHeat(preheat, false);
        }
        long preheated = System.nanoTime();
        analyzer.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Safari/537.36");
        long firstParse = System.nanoTime();
        long firstParseCpu = cpuMs();
        List<UserAgentCorpus.Entry> corpus = UserAgentCorpus.load();
        long corpusStart = System.nanoTime();
        for (UserAgentCorpus.Entry entry : corpus) {
            analyzer.parse(entry.userAgent());
        }
        long corpusEnd = System.nanoTime();
        long written = 0;
        if (mode.endsWith("-write")) {
            Path file = Path.of(args[1]);
            if (mode.startsWith("java")) {
                writeJava(analyzer, file);
            } else {
                writeKryo(analyzer, file);
            }
            written = Files.size(file);
        }
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("%s jvm→main %d ms, ready %d ms (process CPU %d ms), preheat %d: %d ms, first parse %.1f ms "
                + "(CPU to here %d ms), corpus %d ms, heap %d MB%s%n", mode, jvmToMain, (ready - start) / 1_000_000,
                readyCpu, preheat, (preheated - ready) / 1_000_000, (firstParse - preheated) / 1e6, firstParseCpu,
                (corpusEnd - corpusStart) / 1_000_000, heap / 1_000_000, written > 0 ? ", file " + written / 1_000 + " kB" : "");
    }

    /** CPU time of the whole JVM so far (every thread: JIT compilers and GC included). */
    private static long cpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
                / 1_000_000;
    }

    private static String[] fields() {
        return YauaaAgentParser.FIELDS.toArray(String[]::new);
    }

    private static UserAgentAnalyzerBuilder ourFields() {
        return UserAgentAnalyzer.newBuilder().withFields(fields()).withoutCache().hideMatcherLoadStats().dropTests();
    }

    private static void writeJava(UserAgentAnalyzer analyzer, Path file) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeObject(analyzer);
        }
    }

    private static UserAgentAnalyzer readJava(Path file) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return (UserAgentAnalyzer) in.readObject();
        }
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        UserAgentAnalyzer.configureKryo(kryo);
        return kryo;
    }

    private static void writeKryo(UserAgentAnalyzer analyzer, Path file) throws IOException {
        try (Output out = new Output(Files.newOutputStream(file))) {
            kryo().writeClassAndObject(out, analyzer);
        }
    }

    private static UserAgentAnalyzer readKryo(Path file) throws IOException {
        try (Input in = new Input(Files.newInputStream(file))) {
            return (UserAgentAnalyzer) kryo().readClassAndObject(in);
        }
    }
}
