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
}
