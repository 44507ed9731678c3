package dev.chunkwise.cli;

/** The exit codes of the {@code chunkwise} command. */
final class ExitCode {

    /** The command did what it was asked. */
    static final int DONE = 0;
    /**
     * A failure that retries did not overcome (the database or the output failed), or a connection
     * that could not be opened: the user refused, no server at the address, no such database.
     */
    static final int FAILED = 1;
    /** Bad input: an unknown table or column, a bad option or order, a resume file of another scan. */
    static final int BAD_INPUT = 2;
    /** Interrupted (SIGINT); a resume file, if one was given, holds the last finished chunk. */
    static final int INTERRUPTED = 130;

    private ExitCode() {}
}
