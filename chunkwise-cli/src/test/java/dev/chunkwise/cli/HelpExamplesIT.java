package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The examples at the end of every command's help work as printed: each one is run by
 * {@code /bin/sh} with the {@code chunkwise} launcher on PATH, in a directory whose demo database
 * was just made; the example URLs ({@code jdbc:postgresql://localhost:5432/blog --user app}) are
 * replaced by the test servers', whose {@code entry} tables the demo creates too.
 */
class HelpExamplesIT {

    /** The order in which they run: the demos make the tables, the deletes come last. */
    private static final List<String> COMMANDS = List.of("demo", "export", "plan", "update", "delete");

    @TempDir
    Path directory;

    /** An example as a shell runs it: the help's lines, continuation backslashes and all. */
    private static List<String> examples(String command) {
        Console console = new Console(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of(),
                false,
                Interruption.NEVER);
        CommandLine commandLine =
                Chunkwise.commandLine(console).getSubcommands().get(command);
        String footer =
                String.join("\n", commandLine.getCommandSpec().usageMessage().footer());
        List<String> examples = new ArrayList<>();
        for (String example : String.format(footer).split("\n(?=  chunkwise )")) {
            examples.add(example.lines()
                    .filter(line -> !line.strip().startsWith("#"))
                    .reduce((a, b) -> a + "\n" + b)
                    .orElseThrow()
                    .strip());
        }
        return examples;
    }

    private String onTestServers(String example) {
        return example.replace(
                        "--url jdbc:postgresql://localhost:5432/blog --user app",
                        "--url '" + TestDatabase.POSTGRESQL.url() + "'")
                .replace(
                        "--url jdbc:postgresql://localhost:5432/test --user postgres",
                        "--url '" + TestDatabase.POSTGRESQL.url() + "'")
                .replace(
                        "--url jdbc:mariadb://localhost:3306/blog --user app",
                        "--url '" + TestDatabase.MARIADB.url() + "'");
    }

    private int sh(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script)
                .directory(directory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path launcher = Path.of(System.getProperty("chunkwise.launcher", "target/chunkwise"))
                .toAbsolutePath();
        builder.environment().put("PATH", launcher.getParent() + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("finished in time: " + script)
                .isTrue();
        return process.exitValue();
    }

    @Test
    void everyExampleInTheHelpRunsAndExitsWithZero() throws Exception {
        // the jobs of earlier runs, over the tables the demos replace
        TestDatabase.POSTGRESQL.drop("chunkwise_checkpoint");
        TestDatabase.MARIADB.drop("chunkwise_checkpoint");
        TestDatabase.POSTGRESQL.drop("entry");
        TestDatabase.MARIADB.drop("entry_archive");
        TestDatabase.MARIADB.drop("entry");
        assertThat(sh("chunkwise demo --url '" + TestDatabase.MARIADB.url() + "' --rows 20000"))
                .isZero();
        TestDatabase.MARIADB.execute("CREATE TABLE entry_archive LIKE entry");
        int run = 0;
        for (String command : COMMANDS) {
            List<String> examples = examples(command);
            assertThat(examples).as(command).hasSizeBetween(2, 4);
            for (String example : examples) {
                if (example.equals("chunkwise demo")) {
                    continue; // a million rows; the quick start and JarIT run it
                }
                int code = sh(onTestServers(example));
                assertThat(code)
                        .as(example + "\n" + Files.readString(directory.resolve("stderr.txt")))
                        .isZero();
                run++;
            }
        }
        assertThat(run).isGreaterThanOrEqualTo(12);
        assertThat(directory.resolve("entries-before-2016.csv")).isNotEmptyFile();
    }
}
