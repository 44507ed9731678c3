package dev.chunkwise.cli;

import java.io.IOException;

/**
 * Standard output, or the pipe {@code --out} names, was closed by its reader ({@code chunkwise
 * export ... | head}): the command stops after the chunk it was writing and ends as done,
 * printing nothing more.
 */
final class OutputClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    OutputClosedException() {
        super("the output was closed by its reader");
    }
}
