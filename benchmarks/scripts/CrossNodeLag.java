import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cross-node live-map lag: a stream is opened on node B, then pageviews are POSTed one at a time to node A; for each,
 * the time from sending the POST (and from its 200) until a map frame on B names its page. Warm-up events first
 * (not counted), then EVENTS measured, GAP_MS apart (more than the stream's 500 ms min-interval, so no push waits
 * for the previous one). Prints median, p90, p99 and max in milliseconds. JDK only.
 *
 * <p>{@code java benchmarks/scripts/CrossNodeLag.java BASE_A BASE_B TOKEN WEBSITE_ID TRACKING_ID [EVENTS] [GAP_MS]
 * [WARMUP]}; started by {@code benchmarks/scripts/cross-node-lag.sh}, which runs the two nodes.
 */
public class CrossNodeLag {

    record Frame(long at, String data) {
    }

    public static void main(String[] args) throws Exception {
        String baseA = args[0];
        String baseB = args[1];
        String token = args[2];
        String websiteId = args[3];
        String trackingId = args[4];
        int events = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        long gapMillis = args.length > 6 ? Long.parseLong(args[6]) : 600;
        int warmup = args.length > 7 ? Integer.parseInt(args[7]) : 30;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(
                URI.create(baseB + "/api/v1/analytics/realtime/stream?websiteId=" + websiteId))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("the stream on B answered " + stream.statusCode());
        }
        Thread reader = new Thread(() -> stream.body().forEach(line -> {
            if (line.startsWith("data:")) {
                frames.add(new Frame(System.nanoTime(), line));
            }
        }), "stream-reader");
        reader.setDaemon(true);
        reader.start();
        if (frames.poll(10, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("no first map on B");
        }

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Double> fromSent = new ArrayList<>();
        List<Double> fromAck = new ArrayList<>();
        List<Double> post = new ArrayList<>();
        for (int i = 0; i < warmup + events; i++) {
            String path = "/lag/" + run + "/" + i;
            String body = "{\"websiteId\":\"" + trackingId + "\",\"domain\":\"lag.example\",\"href\":\"https://lag.example"
                    + path + "\",\"type\":\"pageview\",\"visitorId\":\"" + UUID.randomUUID() + "\",\"sessionId\":\"s"
                    + UUID.randomUUID() + "\"}";
            frames.clear();
            long sent = System.nanoTime();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(baseA + "/api/events"))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long acked = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("POST on A answered " + answer.statusCode() + ": " + answer.body());
            }
            Frame seen = null;
            long deadline = sent + TimeUnit.SECONDS.toNanos(10);
            while (seen == null && System.nanoTime() < deadline) {
                Frame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && frame.data.contains(path)) {
                    seen = frame;
                }
            }
            if (seen == null) {
                throw new IllegalStateException("event " + i + " never appeared on B within 10 s");
            }
            if (i >= warmup) {
                fromSent.add((seen.at - sent) / 1e6);
                fromAck.add(Math.max(0, seen.at - acked) / 1e6);
                post.add((acked - sent) / 1e6);
            }
            Thread.sleep(gapMillis);
        }
        System.out.printf("events measured: %d (after %d warm-up), %d ms apart%n", events, warmup, gapMillis);
        print("POST on A sent -> frame on B", fromSent);
        print("200 from A     -> frame on B", fromAck);
        print("POST on A (request alone)   ", post);
        System.exit(0);
    }

    static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    static double at(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
