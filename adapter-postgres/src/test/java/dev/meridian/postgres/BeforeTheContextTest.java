package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work started before the context: claimed once by its key, discarded for any other key, empty when it failed. */
class BeforeTheContextTest {

    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final BeforeTheContext<String, String> early = new BeforeTheContext<>("test-early", discarded::add);

    @Test
    void theClaimForItsKeyWaitsForTheResultAndTakesItOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        assertThat(early.start("a", () -> {
            await(release);
            return Optional.of("result of a");
        })).isTrue();
        assertThat(early.start("a", () -> Optional.of("again"))).as("under way already").isFalse();

        release.countDown();
        assertThat(early.claim("a")).contains("result of a");
        assertThat(early.claim("a")).as("claimed once").isEmpty();
        assertThat(discarded).isEmpty();
    }

    @Test
    void aClaimForAnotherKeyDiscardsWhatWasStartedForThisOne() throws Exception {
        assertThat(early.start("guessed", () -> Optional.of("guessed's"))).isTrue();

        assertThat(early.claim("configured")).isEmpty();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (discarded.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(discarded).containsExactly("guessed's");
        assertThat(early.claim("guessed")).isEmpty();
    }

    @Test
    void workThatFailedIsAnEmptyResult() {
        assertThat(early.start("a", () -> {
            throw new IllegalStateException("no");
        })).isTrue();

        assertThat(early.claim("a")).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
