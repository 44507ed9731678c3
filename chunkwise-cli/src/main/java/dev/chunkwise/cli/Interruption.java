package dev.chunkwise.cli;

/**
 * Asks a running command to stop at the next chunk boundary. {@link Chunkwise#main} requests it
 * from a shutdown hook when the user presses Ctrl-C; tests request it after a given chunk.
 *
 * <p>Implementations are called after each chunk has been written and its position saved, from
 * the thread that runs the command, or, in a parallel export, from every partition's thread at
 * once: they must be thread-safe.
 */
@FunctionalInterface
interface Interruption {

    /** Never requests a stop. */
    Interruption NEVER = () -> false;

    /** Whether the command should stop now. */
    boolean requested();
}
