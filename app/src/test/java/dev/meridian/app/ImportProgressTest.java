package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ImportProgress.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The command line import's progress: its arithmetic and what it writes. */
class ImportProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void linesPerSecondShareReadAndTimeLeftFollowFromTheCountsAndTheClock() {
        Snapshot quarter = new Snapshot(50_000, 25_000_000, OptionalLong.of(100_000_000), 10 * SECOND);

        assertThat(quarter.linesPerSecond()).isEqualTo(5_000.0);
        assertThat(quarter.fraction()).contains(0.25);
        // 25 MB in 10 s: the other 75 MB take 30 s
        assertThat(quarter.remaining()).contains(Duration.ofSeconds(30));
        assertThat(ImportProgress.describe(quarter)).isEqualTo("50,000 lines, 5,000 lines/s, 25% of 100.0 MB, about 30 s left");
    }

    @Test
    void withoutASizeOrBeforeAnythingWasReadThereIsNoShareAndNoTimeLeft() {
        Snapshot stdin = new Snapshot(1_200, 90_000, OptionalLong.empty(), 2 * SECOND);
        assertThat(stdin.fraction()).isEmpty();
        assertThat(stdin.remaining()).isEmpty();
        assertThat(ImportProgress.describe(stdin)).isEqualTo("1,200 lines, 600 lines/s");

        Snapshot starting = new Snapshot(0, 0, OptionalLong.of(5_000_000), 0);
        assertThat(starting.linesPerSecond()).isZero();
        assertThat(starting.remaining()).isEmpty();
        assertThat(ImportProgress.describe(starting)).isEqualTo("0 lines, 0 lines/s, 0% of 5.0 MB");

        Snapshot emptyFile = new Snapshot(0, 0, OptionalLong.of(0), SECOND);
        assertThat(emptyFile.fraction()).isEmpty();
    }

    @Test
    void theWholeFileReadLeavesNothingAndTheShareNeverPassesAHundredPercent() {
        Snapshot done = new Snapshot(10, 1_000, OptionalLong.of(1_000), SECOND);
        assertThat(done.fraction()).contains(1.0);
        assertThat(done.remaining()).contains(Duration.ZERO);
        assertThat(ImportProgress.describe(done)).isEqualTo("10 lines, 10 lines/s, 100% of 0.0 MB");
        // a file that grew while being read
        Snapshot grown = new Snapshot(10, 1_500, OptionalLong.of(1_000), SECOND);
        assertThat(grown.fraction()).contains(1.0);
        assertThat(grown.remaining()).contains(Duration.ZERO);
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(ImportProgress.duration(Duration.ofMillis(45_900))).isEqualTo("45 s");
        assertThat(ImportProgress.duration(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(ImportProgress.duration(Duration.ofSeconds(7_500))).isEqualTo("2 h 05 min");
    }

    @Test
    void bytesOfTheFileAndLinesHandedOutAreCounted() throws IOException {
        AtomicLong clock = new AtomicLong();
        ImportProgress progress = new ImportProgress(OptionalLong.of(10), new PrintWriter(new StringWriter()), false,
                clock::get);
        try (InputStream in = progress.counting(new ByteArrayInputStream("0123456789".getBytes()))) {
            assertThat(in.read()).isEqualTo('0');
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(4);
            assertThat(in.skip(2)).isEqualTo(2);
        }
        Iterator<String> lines = progress.counting(List.of("a", "b", "c").iterator());
        lines.next();
        lines.next();
        clock.set(2 * SECOND);

        Snapshot now = progress.snapshot();
        assertThat(now.bytesRead()).isEqualTo(7);
        assertThat(now.lines()).isEqualTo(2);
        assertThat(now.elapsedNanos()).isEqualTo(2 * SECOND);
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndEndedWhenDone() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ImportProgress progress = new ImportProgress(OptionalLong.empty(), new PrintWriter(text), true, clock::get);
        Iterator<String> lines = progress.counting(List.of("a", "b", "c").iterator());
        lines.next();
        clock.set(SECOND);
        progress.report();
        lines.next();
        lines.next();
        clock.set(3 * SECOND);
        progress.finish();
        progress.report(); // a late tick writes nothing

        assertThat(text.toString()).isEqualTo("\r1 lines, 1 lines/s\r3 lines, 1 lines/s" + System.lineSeparator());
    }

    @Test
    void elsewhereEachReportIsAPlainLineAndFinishingAddsNone() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ImportProgress progress = new ImportProgress(OptionalLong.of(2_000_000), new PrintWriter(text), false,
                clock::get);
        clock.set(4 * SECOND);
        progress.report();
        progress.finish();

        assertThat(text.toString()).isEqualTo("import: 0 lines, 0 lines/s, 0% of 2.0 MB" + System.lineSeparator());
    }
}
