import dev.meridian.geoip.MaxMindGeoLocator;
import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.ports.out.GeoLocator;
import dev.meridian.useragent.UserAgentDeviceDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * What enrichment costs per event with a warm cache, without HTTP: the User-Agent and GeoIP look-ups of
 * {@code track.lua}'s 5 agents and 5 addresses, each header value a new String as in a request, against the same
 * loop building the strings only. Prints CPU nanoseconds per event of the measuring threads, per round.
 *
 * <p>{@code java -cp app/target/meridian.jar benchmarks/scripts/EnrichmentLookups.java DB.mmdb [THREADS] [ROUNDS]}, from
 * the repository root; DB.mmdb: e.g. MaxMind's test database, {@code adapter-geoip/src/test/resources/maxmind/GeoIP2-City-Test.mmdb}.
 */
public class EnrichmentLookups {

    static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"};
    static final String[] ADDRESSES = {"81.2.69.160", "216.160.83.56", "89.160.20.112", "175.16.199.0", "2.125.160.216"};
    static final int EVENTS = 2_000_000;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        GeoLocator geo = MaxMindGeoLocator.open(Path.of(args[0]));
        DeviceDetector devices = UserAgentDeviceDetector.create();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long[] withLookUps = new long[threads];
            long[] stringsOnly = new long[threads];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() -> {
                    long start = cpu.getCurrentThreadCpuTime();
                    long s = 0;
                    for (int i = 0; i < EVENTS; i++) {
                        String userAgent = new String(USER_AGENTS[i % 5].toCharArray());
                        String ip = new String(ADDRESSES[i % 5].toCharArray());
                        s += devices.detect(userAgent).system().hashCode() + geo.locate(ip).hashCode();
                    }
                    long middle = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < EVENTS; i++) {
                        String userAgent = new String(USER_AGENTS[i % 5].toCharArray());
                        String ip = new String(ADDRESSES[i % 5].toCharArray());
                        s += userAgent.length() + ip.length();
                    }
                    withLookUps[index] = middle - start;
                    stringsOnly[index] = cpu.getCurrentThreadCpuTime() - middle;
                    sink += s;
                });
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long with = 0;
            long without = 0;
            for (int t = 0; t < threads; t++) {
                with += withLookUps[t];
                without += stringsOnly[t];
            }
            double events = (double) EVENTS * threads;
            System.out.printf("round %d threads=%d: look-ups %.0f CPU ns/event (with header strings %.0f, strings only %.0f)%n",
                    round, threads, (with - without) / events, with / events, without / events);
        }
    }
}
