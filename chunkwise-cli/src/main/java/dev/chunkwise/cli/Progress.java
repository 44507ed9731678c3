package dev.chunkwise.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on standard error: rows done, rows per second, and an ETA from the table's
 * row estimate (the catalog's estimate, so it may be off; the bar stretches when the count
 * passes it). Drawn by the progressbar library on its own refresh thread.
 */
interface Progress extends AutoCloseable {

    /** A progress that shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void advance(long rows) {}

        @Override
        public void close() {}
    };

    /** Counts rows done. */
    void advance(long rows);

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
     * @param estimate the expected total, if known
     * @param alreadyDone rows done by earlier runs (a resumed export)
     */
    static Progress bar(PrintStream err, String task, OptionalLong estimate, long alreadyDone) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(estimate.isPresent() ? Math.max(estimate.getAsLong(), alreadyDone) : -1)
                .setUnit(" rows", 1)
                .showSpeed(new DecimalFormat("#,##0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .startsFrom(alreadyDone, Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
        return new Progress() {
            private boolean closed;

            @Override
            public void advance(long rows) {
                bar.stepBy(rows);
                if (bar.getMax() > 0 && bar.getCurrent() > bar.getMax()) {
                    bar.maxHint(bar.getCurrent());
                }
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
}
