package dev.meridian.app;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far an import of the command line has come: lines read, lines per second, and, when the file's size is known,
 * the share of its bytes read and the time left at the rate so far. On a terminal one line is rewritten in place
 * every {@link #TERMINAL_EVERY}; elsewhere (logs, CI) a plain line is written every {@link #PLAIN_EVERY}, so a long
 * import shows it is alive without flooding the log. Written to standard error: standard output is the report.
 */
final class ImportProgress implements AutoCloseable {

    static final Duration TERMINAL_EVERY = Duration.ofMillis(500);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final OptionalLong totalBytes;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private volatile long startedAt;
    private ScheduledExecutorService ticker;
    private int lastWidth;
    private boolean done;

    /**
     * Counts from now on; reports once {@link #start started}.
     *
     * @param totalBytes the file's size, when known (not for standard input)
     * @param terminal   rewrite one line in place (an interactive terminal) rather than write a line each time
     */
    ImportProgress(OptionalLong totalBytes, PrintWriter out, boolean terminal, LongSupplier nanoTime) {
        this.totalBytes = totalBytes;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    /** The import starts now (rates count from here): report every {@code every} until {@link #finish}. */
    synchronized void start(Duration every) {
        startedAt = nanoTime.getAsLong();
        if (ticker == null && !every.isZero() && !every.isNegative()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "import-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * {@code in}, counting the bytes read from it (the file's bytes, before any decompression). Eight lines of
     * {@link FilterInputStream}: not worth a dependency.
     */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                bytes.addAndGet(skipped);
                return skipped;
            }
        };
    }

    /** {@code lines}, counting each line handed out. */
    <T> Iterator<T> counting(Iterator<T> lines) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public T next() {
                T next = lines.next();
                ImportProgress.this.lines.incrementAndGet();
                return next;
            }
        };
    }

    /** Writes the progress now. */
    synchronized void report() {
        if (!done) {
            write();
        }
    }

    private void write() {
        String line = describe(snapshot());
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            out.println("import: " + line);
        }
        out.flush();
    }

    /** The import is done: on a terminal, the line shows the final count and is ended. */
    synchronized void finish() {
        boolean first = !done;
        stopTicker();
        if (terminal && first) {
            write();
        }
        endLine();
    }

    /** Stops reporting; on a terminal, ends the line rewritten so far, so what is written next starts on its own. */
    @Override
    public synchronized void close() {
        stopTicker();
        endLine();
    }

    private void stopTicker() {
        done = true; // a tick already waiting for the lock writes nothing
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private void endLine() {
        if (terminal && lastWidth > 0) {
            out.println();
            out.flush();
            lastWidth = 0;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(lines.get(), bytes.get(), totalBytes, nanoTime.getAsLong() - startedAt);
    }

    /** "120,000 lines, 40,000 lines/s, 37% of 12.3 MB, about 5 s left" (no time left once the whole file is read). */
    static String describe(Snapshot s) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d lines, %,d lines/s", s.lines(),
                Math.round(s.linesPerSecond())));
        s.fraction().ifPresent(fraction -> {
            text.append(String.format(Locale.ROOT, ", %d%% of %s", (int) Math.floor(fraction * 100),
                    megabytes(s.totalBytes().getAsLong())));
            if (fraction < 1.0) {
                s.remaining().ifPresent(left -> text.append(", about ").append(duration(left)).append(" left"));
            }
        });
        return text.toString();
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /** {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 05 min}. */
    static String duration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /**
     * The progress at one moment.
     *
     * @param elapsedNanos time since the import started
     */
    record Snapshot(long lines, long bytesRead, OptionalLong totalBytes, long elapsedNanos) {

        double linesPerSecond() {
            return elapsedNanos <= 0 ? 0 : lines * 1e9 / elapsedNanos;
        }

        /** The share of the file read, 0..1; empty when its size is unknown or zero. */
        Optional<Double> fraction() {
            if (totalBytes.isEmpty() || totalBytes.getAsLong() <= 0) {
                return Optional.empty();
            }
            return Optional.of(Math.min(1.0, (double) bytesRead / totalBytes.getAsLong()));
        }

        /**
         * Time left if the rest of the file reads at the byte rate so far; empty before any byte was read (no rate
         * yet) or when the size is unknown.
         */
        Optional<Duration> remaining() {
            if (totalBytes.isEmpty() || bytesRead <= 0 || elapsedNanos <= 0) {
                return Optional.empty();
            }
            long left = Math.max(0, totalBytes.getAsLong() - bytesRead);
            return Optional.of(Duration.ofNanos((long) ((double) left * elapsedNanos / bytesRead)));
        }
    }
}
