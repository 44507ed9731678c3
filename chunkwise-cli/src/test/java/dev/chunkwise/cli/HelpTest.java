package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code chunkwise help [COMMAND]}, the examples that end every command's help, and shell completion. */
class HelpTest {

    @TempDir
    Path directory;

    @Test
    void helpExportPrintsTheExportUsageWithItsExamples() {
        Cli.Run run = Cli.run("help", "export");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Usage: chunkwise export ")
                .contains("--format=csv|jsonl")
                .contains("\nExamples:\n  chunkwise export --table entry ");
        assertThat(run.out().strip()).endsWith("--format parquet --out latest.parquet");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpOfAnUnknownCommandFailsNamingIt() {
        Cli.Run run = Cli.run("help", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("chunkwise: Unknown subcommand 'nope'. See 'chunkwise --help'.\n");
    }

    @Test
    void helpAloneListsTheCommandsAndSaysWhereTheExamplesAre() {
        Cli.Run run = Cli.run("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("  export ", "  update ", "  delete ", "  plan ", "  demo ", "  help ")
                .contains("'chunkwise help COMMAND' shows a command's options and examples.")
                .doesNotContain("generate-completion  ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"export", "update", "delete", "plan", "demo"})
    void everyCommandsHelpEndsWithExamplesThatFitEightyColumns(String command) {
        Cli.Run help = Cli.run("help", command);
        Cli.Run option = Cli.run(command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(option.out()).isEqualTo(help.out());
        String examples = help.out().substring(help.out().indexOf("\nExamples:\n"));
        assertThat(examples.lines().skip(2).filter(line -> line.startsWith("  chunkwise " + command + " ")))
                .hasSizeBetween(1, 4);
        assertThat(examples.lines())
                .as("no line wrapped by the help's 80 columns: each can be pasted into a shell")
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80))
                .allSatisfy(line -> assertThat(line).matches("|Examples:|  .*"));
    }

    @Test
    void bashCanSourceTheGeneratedCompletionScript() throws Exception {
        Cli.Run run = Cli.run("generate-completion");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path script = directory.resolve("chunkwise-completion.bash");
        Files.writeString(script, run.out(), StandardCharsets.UTF_8);

        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$1\" && complete -p chunkwise && declare -F _picocli_chunkwise_export",
                        "bash",
                        script.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();
        assertThat(out).contains("complete -o default -F _complete_chunkwise chunkwise");
    }

    @Test
    void theCompletionCompletesCommandsAndOptionValues() throws Exception {
        Path script = directory.resolve("chunkwise-completion.bash");
        Files.writeString(script, Cli.run("generate-completion").out(), StandardCharsets.UTF_8);

        assertThat(complete(script, "chunkwise ex")).isEqualTo("export");
        assertThat(complete(script, "chunkwise export --csv-for ")).isEqualTo("postgresql mariadb generic");
        assertThat(complete(script, "chunkwise export --form")).isEqualTo("--format");
    }

    /** What bash's completion offers for a command line typed up to its end, as TAB would. */
    private static String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; eval \"COMP_WORDS=($3)\";"
                                + " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                                + " _complete_chunkwise chunkwise \"${COMP_WORDS[COMP_CWORD]}\" 2>/dev/null;"
                                + " echo \"${COMPREPLY[*]}\"",
                        "bash",
                        script.toString(),
                        line,
                        words)
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();
        return out.strip();
    }
}
