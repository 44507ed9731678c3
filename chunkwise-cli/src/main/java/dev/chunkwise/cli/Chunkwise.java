package dev.chunkwise.cli;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ScanDefinitionException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;

/**
 * The {@code chunkwise} command: export, update, delete, plan and demo over keyset chunks.
 *
 * <p>{@link #execute(Console, String...)} runs one command line in-process and returns its exit
 * code (tests use it with a captured {@link Console}); {@link #main(String[])} wires it to the
 * process: standard streams, environment, Ctrl-C, exit status.
 *
 * <p>Exit codes: 0 done, 2 bad input, 1 a failure, 130 interrupted (see {@link ExitCode}).
 * Errors are printed as one or two sentences on standard error, passwords hidden; the stack
 * trace only with {@code --verbose}. A connection that cannot be opened says why (the user
 * refused, no server at the address, no such database: {@link ConnectFailures}); drivers' own log
 * lines are kept off standard error ({@link #silenceDriverLogs()}).
 */
@Command(
        name = "chunkwise",
        mixinStandardHelpOptions = true,
        version = "chunkwise 0.1.0",
        description = "Walk tables of any size in keyset (seek) chunks: export, update, delete, plan, demo.",
        subcommandsRepeatable = false,
        footerHeading = "%n",
        footer = {
            "'chunkwise help COMMAND' shows a command's options and examples.",
            "Shell completion (bash, zsh): source <(chunkwise generate-completion)"
        })
public final class Chunkwise implements Runnable {

    private static final long INTERRUPT_GRACE_SECONDS = 15;

    private Chunkwise() {}

    @Override
    public void run() {
        throw new ParameterException(
                new CommandLine(this), "a command is required: export, update, delete, plan, demo or help.");
    }

    /** Runs the command from the process's arguments and exits with its code. */
    public static void main(String[] args) {
        silenceDriverLogs();
        SignalInterruption interruption = new SignalInterruption();
        Runtime.getRuntime().addShutdownHook(new Thread(interruption::stopAndWait, "chunkwise-interrupt"));
        Console console = new Console(System.out, System.err, System.getenv(), stderrIsTerminal(), interruption);
        Thread.setDefaultUncaughtExceptionHandler(Chunkwise::uncaught);
        int code = execute(console, args);
        System.out.flush();
        interruption.finished();
        if (!interruption.requested()) {
            System.exit(code);
        }
    }

    /** Runs one command line in-process and returns its exit code. */
    public static int execute(Console console, String... args) {
        CommandLine commandLine = commandLine(console);
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError full) {
            // what held the memory is unreachable once the stack has unwound: there is room for a sentence
            return outOfMemory(console.err(), full);
        }
    }

    /**
     * Memory set aside for the sentence that reports a full heap: what filled it may still be held
     * (an embedded database's cache), and printing needs a little.
     */
    @SuppressWarnings("unused") // held to be released
    private static volatile byte[] reserve = new byte[256 * 1024];

    /**
     * What ends a thread other than the command's: a full heap there (an embedded database's
     * background writer, a driver's cleanup thread) ends the process with the same one sentence and
     * exit 1 (the JVM's own handler would print a stack trace, or fail to for want of memory, and
     * leave the command running without the thread); anything else is printed as the JVM would.
     */
    private static void uncaught(Thread thread, Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            int code = outOfMemory(System.err, (OutOfMemoryError) failure);
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        failure.printStackTrace();
    }

    private static synchronized int outOfMemory(PrintStream err, OutOfMemoryError full) {
        if (reserve == null) {
            return ExitCode.FAILED; // said once already, by the other thread that ran out
        }
        reserve = null;
        err.printf(
                Locale.ROOT,
                "chunkwise: out of memory: the Java heap (%,d MB) is full (%s). Give the JVM more, e.g."
                        + " JAVA_OPTS=-Xmx1g, or use a smaller --chunk-size (or, for an embedded H2 database, a"
                        + " smaller CACHE_SIZE in the URL).%n",
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                full.getMessage());
        return ExitCode.FAILED;
    }

    static CommandLine commandLine(Console console) {
        CommandLine commandLine = new CommandLine(new Chunkwise());
        commandLine.addSubcommand(new ExportCommand(console));
        commandLine.addSubcommand(new UpdateCommand(console));
        commandLine.addSubcommand(new DeleteCommand(console));
        commandLine.addSubcommand(new PlanCommand(console));
        commandLine.addSubcommand(new DemoCommand(console));
        commandLine.addSubcommand(new HelpCommand());
        // picocli's own: `source <(chunkwise generate-completion)` completes commands and options in bash and zsh
        commandLine.addSubcommand(new AutoComplete.GenerateCompletion());
        commandLine
                .getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(true);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(console.out(), true));
        commandLine.setErr(new PrintWriter(console.err(), true));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            CommandLine failed = failure.getCommandLine();
            console.err()
                    .println("chunkwise: " + sentence(failure.getMessage()) + " See 'chunkwise "
                            + (failed.getParent() == null ? "" : failed.getCommandName() + " ") + "--help'.");
            return ExitCode.BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            Object command = failed.getCommand();
            String password = command instanceof DatabaseCommand ? ((DatabaseCommand) command).password() : null;
            String url = command instanceof DatabaseCommand ? ((DatabaseCommand) command).url() : null;
            boolean verbose = command instanceof DatabaseCommand && ((DatabaseCommand) command).verbose();
            return report(console.err(), failure, password, url, verbose);
        });
        return commandLine;
    }

    /**
     * Keeps drivers and libraries from printing their own log lines on standard error, where the
     * command's one-line messages go: MariaDB Connector/J's console logger ({@code [ WARN] ...},
     * switched off by its {@code mariadb.logging.disable} property unless set otherwise), and the
     * JDK's logging (pgjdbc, sqlite-jdbc and JLine log through it; its default handler prints
     * warnings to standard error). MySQL Connector/J is given its {@code NullLogger} per connection
     * ({@link Database}); H2 logs to its trace file, not to standard error.
     */
    static void silenceDriverLogs() {
        if (System.getProperty("mariadb.logging.disable") == null) {
            System.setProperty("mariadb.logging.disable", "true");
        }
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            java.util.logging.LogManager.getLogManager().reset();
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
    }

    /** A full heap among a failure's causes and the failures it holds as suppressed, or null. */
    private static OutOfMemoryError outOfMemoryIn(Throwable failure, int depth) {
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof OutOfMemoryError) {
                return (OutOfMemoryError) cause;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                OutOfMemoryError full = outOfMemoryIn(suppressed, depth + 1);
                if (full != null) {
                    return full;
                }
            }
        }
        return null;
    }

    /** Prints a failure as one or two plain sentences and returns its exit code. */
    static int report(PrintStream err, Exception failure, String password, String url, boolean verbose) {
        if (failure instanceof OutputClosedException) {
            return ExitCode.DONE; // the reader has what it wanted, as after `| head`
        }
        OutOfMemoryError full = outOfMemoryIn(failure, 0);
        if (full != null) {
            // a driver's, wrapped in its exception, or another partition's, whose failure made this one
            return outOfMemory(err, full);
        }
        Exception reported = failure;
        String prefix = "";
        String suffix = "";
        if (failure instanceof PartitionFailedException) {
            // a partition of a parallel export: its own failure, between its name and what the others did
            PartitionFailedException partition = (PartitionFailedException) failure;
            reported = partition.failure();
            prefix = partition.getMessage() + ": ";
            suffix = partition.after();
        }
        int code;
        String message;
        if (reported instanceof InterruptedRunException) {
            code = ExitCode.INTERRUPTED;
            message = reported.getMessage();
        } else if (reported instanceof ScanDefinitionException) {
            code = ExitCode.BAD_INPUT;
            message = ((ScanDefinitionException) reported).message(ScanOptions::option);
        } else if (reported instanceof BadInputException || reported instanceof IllegalArgumentException) {
            code = ExitCode.BAD_INPUT;
            message = reported.getMessage();
        } else if (reported instanceof ConnectionFailedException) {
            code = ExitCode.FAILED;
            message = reported.getMessage();
        } else if (reported instanceof ChunkwiseException) {
            code = ExitCode.FAILED;
            message = withoutContext((ChunkwiseException) reported);
        } else if (reported instanceof IOException || reported instanceof UncheckedIOException) {
            code = ExitCode.FAILED;
            message = "cannot write the output: " + reported.getMessage();
        } else {
            code = ExitCode.FAILED;
            message = "unexpected " + reported.getClass().getSimpleName() + ": " + reported.getMessage();
        }
        if (reported != failure) {
            code = ExitCode.FAILED;
            String text = String.valueOf(message).strip();
            message = prefix + (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + suffix;
        }
        err.println("chunkwise: " + sentence(Redaction.redact(message, password, url)));
        if (verbose) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(Redaction.redact(trace.toString(), password, url));
        }
        return code;
    }

    /** The reason of a core failure without its context (position token, SQL), with the chunk it failed in. */
    private static String withoutContext(ChunkwiseException failure) {
        String text = String.valueOf(failure.reason());
        return failure.chunk() > 0 ? text + " (in chunk " + failure.chunk() + ")" : text;
    }

    private static String sentence(String message) {
        String text = String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
        return text.endsWith(".") || text.endsWith("?") ? text : text + ".";
    }

    /** Whether standard error is a terminal: on Linux from /proc, elsewhere as the console says. */
    private static boolean stderrIsTerminal() {
        Path descriptor = Path.of("/proc/self/fd/2");
        if (Files.exists(descriptor)) {
            try {
                String target = Files.readSymbolicLink(descriptor).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException unknown) {
                return false;
            }
        }
        return System.console() != null;
    }

    /**
     * Ctrl-C: the shutdown hook asks the running command to stop after its current chunk and
     * waits (a while) for it, so that the output is flushed and the resume file holds the last
     * finished chunk; the JVM then exits with 130.
     */
    private static final class SignalInterruption implements Interruption {

        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean requested;

        @Override
        public boolean requested() {
            return requested;
        }

        void stopAndWait() {
            requested = true;
            try {
                done.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }

        void finished() {
            done.countDown();
        }
    }
}
