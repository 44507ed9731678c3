package dev.chunkwise.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command talks to: its standard output and error, its environment, whether standard
 * error is a terminal, and the interruption to watch. {@link Chunkwise#main} builds the real one;
 * tests build their own, so that a command runs in-process with captured output.
 *
 * @param out standard output: exported rows, or a command's report
 * @param err standard error: progress, statistics, errors
 * @param environment the environment variables (the password is read from here)
 * @param errIsTerminal whether standard error is a terminal (a progress bar is drawn by default)
 * @param interruption asked after every chunk whether to stop
 */
record Console(
        PrintStream out,
        PrintStream err,
        Map<String, String> environment,
        boolean errIsTerminal,
        Interruption interruption) {}
