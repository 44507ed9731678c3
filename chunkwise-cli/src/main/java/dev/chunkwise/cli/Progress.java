package dev.chunkwise.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar on standard error: rows done out of the expected total, percentage, rows per
 * second and ETA, drawn by the progressbar library on its own refresh thread. The total is the
 * scan's row estimate (the planner's for its filter, so it may be off: the bar stretches when the
 * count passes it); a run that completes ends the bar at 100% of the rows it delivered, a run that
 * stops leaves it where it stood. Numbers are written with {@link Locale#ROOT}'s thousands
 * separator, as every count the CLI prints ({@code 1,234,567}). On a terminal the bar is redrawn in
 * place four times a second; elsewhere (a log file, {@code --progress} into a pipe) it is printed
 * as a line every ten seconds, and once at the end.
 */
interface Progress extends AutoCloseable {

    /** A progress that shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void advance(long rows) {}

        @Override
        public void complete() {}

        @Override
        public void close() {}
    };

    /** Counts rows done. */
    void advance(long rows);

    /** The run is done: the total becomes the rows done, so that the bar ends at 100%. */
    void complete();

    /** Draws the bar a last time as it stands and stops drawing it. */
    @Override
    void close();

    /**
     * Whether a bar is drawn: {@code --progress} forces it, {@code --no-progress} suppresses it,
     * otherwise it is drawn when standard error is a terminal.
     */
    static boolean wanted(Boolean option, Console console) {
        return option != null ? option : console.errIsTerminal();
    }

    /**
     * A bar on {@code err}.
     *
     * @param task the name shown before the bar
     * @param total the expected number of rows over all runs, if known
     * @param alreadyDone rows done by earlier runs (a resumed export or job)
     * @param terminal whether {@code err} is a terminal (the bar is redrawn in place) or not (lines)
     */
    static Progress bar(PrintStream err, String task, OptionalLong total, long alreadyDone, boolean terminal) {
        ProgressBarConsumer consumer =
                terminal ? new ConsoleProgressBarConsumer(err) : new DelegatingProgressBarConsumer(new Lines(err), 120);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total.isPresent() ? Math.max(total.getAsLong(), alreadyDone) : -1)
                .setRenderer(new RowsRenderer(terminal ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII))
                .setUpdateIntervalMillis(terminal ? 250 : 10_000)
                .startsFrom(alreadyDone, Duration.ZERO)
                .setConsumer(consumer)
                .build();
        return new Progress() {
            private boolean closed;

            @Override
            public void advance(long rows) {
                bar.stepBy(rows);
                if (bar.getMax() >= 0 && bar.getCurrent() > bar.getMax()) {
                    bar.maxHint(bar.getCurrent());
                }
            }

            @Override
            public void complete() {
                bar.maxHint(bar.getCurrent());
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    bar.close();
                }
            }
        };
    }

    /**
     * The library's renderer with counts in one locale: it writes the ratio with
     * {@link String#valueOf(long)} (no separators) and the speed with the format it is given.
     */
    final class RowsRenderer extends DefaultProgressBarRenderer {

        private static final String UNIT = " rows";

        RowsRenderer(ProgressBarStyle style) {
            super(style, UNIT, 1, true, rowsFormat(), ChronoUnit.SECONDS, true, RowsRenderer::linearEta);
        }

        @Override
        protected String ratio(ProgressState progress) {
            String max = progress.isIndefinite() ? "?" : String.format(Locale.ROOT, "%,d", progress.getMax());
            return String.format(Locale.ROOT, "%,d/%s%s", progress.getCurrent(), max, UNIT);
        }

        /** A whole number with Locale.ROOT's separators; a DecimalFormat is not thread-safe, so one per use. */
        private static DecimalFormat rowsFormat() {
            return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        }

        /** The rate the closed bar shows: the library draws a closed bar twice, so it is computed once. */
        private String finalSpeed;

        /** Rows per second of this run, from its elapsed nanoseconds (the library counts whole seconds). */
        @Override
        protected String speed(ProgressState progress) {
            if (!progress.isAlive() && finalSpeed != null) {
                return finalSpeed;
            }
            long done = progress.getCurrent() - progress.getStart();
            long nanos = progress.getElapsedAfterStart().toNanos();
            String speed = (done <= 0 || nanos <= 0 ? "?" : rowsFormat().format(done * 1e9 / nanos)) + UNIT + "/s";
            if (!progress.isAlive()) {
                finalSpeed = speed;
            }
            return speed;
        }

        /** The time left at this run's rate so far; unknown until a row is done or without a total. */
        private static Optional<Duration> linearEta(ProgressState progress) {
            long done = progress.getCurrent() - progress.getStart();
            if (progress.isIndefinite() || progress.getMax() <= 0 || done <= 0) {
                return Optional.empty();
            }
            long left = Math.max(0, progress.getMax() - progress.getCurrent());
            double nanosPerRow = progress.getElapsedAfterStart().toNanos() / (double) done;
            return Optional.of(Duration.ofNanos((long) (nanosPerRow * left)));
        }
    }

    /** Prints each state of the bar as a line, a state equal to the last one printed once. */
    final class Lines implements java.util.function.Consumer<String> {

        private final PrintStream err;
        private String last;

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void accept(String line) {
            if (!line.equals(last)) {
                last = line;
                err.println(line);
            }
        }
    }
}
