package dev.chunkwise.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations on the command line: an ISO-8601 duration ({@code PT0.5S}) or a number with the unit ms, s or m. */
final class Durations {

    private Durations() {}

    /**
     * Reads {@code text}, the value of {@code option}.
     *
     * @param zeroAllowed whether 0 is a valid value (a pause), or the value must be positive (a target)
     * @throws BadInputException naming the option and saying how to write a duration
     */
    static Duration parse(String text, String option, boolean zeroAllowed) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (lower.startsWith("pt")) {
                duration = Duration.parse(lower.toUpperCase(Locale.ROOT));
            } else if (lower.endsWith("ms")) {
                duration = Duration.ofMillis(
                        Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
            } else if (lower.endsWith("s")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(
                                lower.substring(0, lower.length() - 1).trim())
                        * 1000));
            } else if (lower.endsWith("m")) {
                duration = Duration.ofSeconds(
                        Long.parseLong(lower.substring(0, lower.length() - 1).trim()) * 60);
            } else {
                throw new NumberFormatException(lower);
            }
        } catch (RuntimeException unreadable) {
            throw new BadInputException(
                    option + " '" + text + "' is not a duration: write for example 250ms, 2s or PT0.5S.");
        }
        if (duration.isNegative() || duration.isZero() && !zeroAllowed) {
            throw new BadInputException(
                    option + " must be " + (zeroAllowed ? "0 or more" : "positive") + ", got " + text + ".");
        }
        return duration;
    }
}
