package dev.chunkwise.cli;

/**
 * The user interrupted a run (Ctrl-C); it stopped at a chunk boundary, after the last finished
 * chunk was written and its position saved. The command exits with {@link ExitCode#INTERRUPTED}.
 */
final class InterruptedRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InterruptedRunException(String message) {
        super(message);
    }

    /**
     * An export stopped after {@code rows} rows, at a chunk whose position is saved in
     * {@code resumeFile} (null when it has none).
     */
    static InterruptedRunException afterExportChunk(long rows, ResumeFile resumeFile) {
        return new InterruptedRunException(
                "interrupted after " + Counts.of(rows, "row")
                        + (resumeFile == null
                                ? "."
                                : "; the resume file " + resumeFile.path()
                                        + " holds the position after the last finished chunk, run the same command to continue."));
    }
}
