package dev.chunkwise.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command in-process, as {@code java -jar chunkwise.jar} would, with captured output. */
final class Cli {

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    private Cli() {}

    static Run run(String... args) {
        return run(Interruption.NEVER, Map.of(), args);
    }

    static Run run(Interruption interruption, Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Chunkwise.execute(new Console(outStream, errStream, environment, false, interruption), args);
            outStream.flush();
            errStream.flush();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** An interruption that asks to stop once {@code chunks} chunks have been written (by any thread). */
    static Interruption afterChunks(int chunks) {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        return () -> seen.incrementAndGet() >= chunks;
    }
}
