package dev.chunkwise.cli;

import java.util.Locale;

/** Counts as the CLI's messages write them: thousands separated, the noun singular for one. */
final class Counts {

    private Counts() {}

    /** {@code 1 chunk}, {@code 1,000 chunks}. */
    static String of(long count, String singular) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? singular : singular + "s");
    }
}
