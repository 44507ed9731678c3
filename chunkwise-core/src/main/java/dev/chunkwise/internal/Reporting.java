package dev.chunkwise.internal;

import dev.chunkwise.ScanListener;
import java.util.Objects;
import java.util.Optional;

/**
 * Who hears of a scan's runs and how they name it: the listener, the scan's name and, for a
 * partition, which one. Part of the {@link RunSettings}; each run makes a {@link RunReporter} of it.
 * Immutable.
 *
 * @param listener told of every run's chunks, retries and end ({@link ScanListener#NONE} by default)
 * @param scanName the name the program gave the scan, or empty
 * @param partition the partition a bounded scan reads, or empty
 */
public record Reporting(ScanListener listener, Optional<String> scanName, Optional<ScanListener.Partition> partition) {

    private static final System.Logger BUILD_LOG = System.getLogger("dev.chunkwise.build");

    /** No listener, no name, not a partition. */
    public static final Reporting NONE = new Reporting(ScanListener.NONE, Optional.empty(), Optional.empty());

    public Reporting {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(scanName, "scanName");
        Objects.requireNonNull(partition, "partition");
    }

    public Reporting withListener(ScanListener other) {
        return new Reporting(other, scanName, partition);
    }

    public Reporting withScanName(String name) {
        return new Reporting(listener, Optional.of(name), partition);
    }

    public Reporting withPartition(int index, int count) {
        return new Reporting(listener, scanName, Optional.of(new ScanListener.Partition(index, count)));
    }

    /**
     * Logs a scan the build refused, at {@code DEBUG} on the {@code System.Logger}
     * {@code dev.chunkwise.build}: the refusal is thrown to the caller anyway, and its message names
     * the part that is wrong (which may quote the caller's filter text, never its parameter values).
     *
     * @param source the table, view or entity as the caller named it
     */
    public static void refused(String source, RuntimeException refusal) {
        if (BUILD_LOG.isLoggable(System.Logger.Level.DEBUG)) {
            BUILD_LOG.log(
                    System.Logger.Level.DEBUG,
                    "the scan over " + source + " is refused ("
                            + refusal.getClass().getSimpleName() + "): " + refusal.getMessage());
        }
    }

    /**
     * Checks a scan's name: non-blank, at most 100 characters, no control characters (it lands in
     * metric tags and log lines).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException(
                    "a scan's name must be non-blank and at most 100 characters, got " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a scan's name must not hold control characters");
        }
        return name;
    }
}
