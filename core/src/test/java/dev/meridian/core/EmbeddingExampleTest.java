package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.Website;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the embedding example of README.md, line for line: {@link #theReadmeShowsExactlyTheCodeThisTestRuns} fails
 * when the README's java block and the code between the markers below differ.
 */
class EmbeddingExampleTest {

    private static final String BEGIN = "// README: embedding example begins";
    private static final String END = "// README: embedding example ends";

    @Test
    void theReadmeEmbeddingExampleTracksAPageviewRecordsAPaymentAndShowsThemOnTheMap() {
        // README: embedding example begins
        Meridian meridian = Meridian.builder()
                .storage(new InMemoryStore())        // or PostgresStorage.open(settings), or your own Storage
                .build();
        Website site = meridian.websites().create(new NewWebsite("example.com", "Example", "USD", "UTC"));

        meridian.trackEvent().track(TrackCommand.pageview("https://example.com/pricing?utm_source=newsletter")
                .website(site.trackingId(), "example.com")
                .visitor("b971cbbf-7ce2-4925-902b-8f95a5fb3449", "s3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f")
                .referrer("https://news.ycombinator.com/")
                .client("203.0.113.7", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/126.0")
                .build());
        meridian.recordPayment().record(PaymentCommand.payment(site.id(), "pi_3PqL8x")
                .amount("49.99", "USD")
                .visitor("b971cbbf-7ce2-4925-902b-8f95a5fb3449")
                .email("ada@example.com")
                .build());

        RealtimeMap map = meridian.realtimeMap().forWebsite(site.id());
        System.out.println(map.count() + " active: " + map.visitors().get(0).currentUrl());
        meridian.close();                            // stops its threads, stores the robot counts not stored yet
        // README: embedding example ends

        assertThat(map.count()).isEqualTo(1);
        assertThat(map.visitors().get(0).currentUrl()).isEqualTo("/pricing?utm_source=newsletter");
        assertThat(map.visitors().get(0).params().utmSource()).isEqualTo("newsletter");
        assertThat(map.visitors().get(0).referrer()).isEqualTo("https://news.ycombinator.com/");
        assertThat(map.visitors().get(0).isCustomer()).isTrue();
        assertThat(map.recentEvents()).hasSize(1);
        assertThat(map.recentPayments()).singleElement()
                .satisfies(payment -> assertThat(payment.amount()).isEqualByComparingTo("49.99"));
    }

    @Test
    void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
        List<String> readme = readmeExample();
        List<String> imports = readme.stream().filter(line -> line.startsWith("import ")).toList();
        List<String> code = readme.subList(imports.size(), readme.size());
        while (!code.isEmpty() && code.get(0).isBlank()) {
            code = code.subList(1, code.size());
        }
        List<String> source = Files.readAllLines(
                Path.of("src/test/java/dev/meridian/core/EmbeddingExampleTest.java"), StandardCharsets.UTF_8);

        assertThat(code).as("README.md's example, after its imports").containsExactlyElementsOf(runHere(source));
        // this test sits in Meridian's package, so it needs no import of it
        assertThat(source).as("this test's imports").containsAll(imports.stream()
                .filter(line -> !line.equals("import " + Meridian.class.getName() + ";")).toList());
        assertThat(imports).as("README.md's example names its imports").isNotEmpty();
    }

    /** The lines of the first java block under README.md's "Embedding" heading. */
    private static List<String> readmeExample() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int heading = indexOf(lines, "## Embedding", 0);
        int begin = indexOf(lines, "```java", heading) + 1;
        int end = indexOf(lines, "```", begin);
        return lines.subList(begin, end);
    }

    /** The lines of this test between the markers, without the indentation of the first. */
    private static List<String> runHere(List<String> source) {
        int begin = indexOf(source, BEGIN, 0);
        List<String> block = source.subList(begin + 1, indexOf(source, END, begin));
        String indent = source.get(begin).substring(0, source.get(begin).indexOf(BEGIN));
        List<String> code = new ArrayList<>();
        for (String line : block) {
            code.add(line.isBlank() ? "" : line.substring(indent.length()));
        }
        return code;
    }

    /** The first line at or after {@code from} that starts with {@code start}, leading blanks aside. */
    private static int indexOf(List<String> lines, String start, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + start + "' after line " + from);
    }
}
