package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code export --resume-file}: an interrupted export continues where it stopped, and only there. */
class ResumeTest {

    private static final String TABLE = "cli_resume";

    @TempDir
    Path directory;

    private Cli.Run export(
            TestDatabase database, Interruption interruption, String format, Path out, Path resume, String... more) {
        String[] base = {
            "export",
            "--url",
            database.url(),
            "--table",
            TABLE,
            "--format",
            format,
            "--chunk-size",
            "9",
            "--out",
            out.toString(),
            "--resume-file",
            resume.toString()
        };
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(interruption, Map.of(), args);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void resumingAnInterruptedExportGivesTheOutputOfOneUninterruptedRun(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 200);
        for (String format : new String[] {"csv", "jsonl"}) {
            Path whole = directory.resolve("whole." + format);
            Path resumed = directory.resolve("resumed." + format);
            Path resume = directory.resolve("resume-" + format);
            assertThat(export(database, Interruption.NEVER, format, whole, resume)
                            .exitCode())
                    .isZero();
            assertThat(resume).as("a finished export removes its resume file").doesNotExist();

            Cli.Run interrupted = export(database, Cli.afterChunks(5), format, resumed, resume);
            assertThat(interrupted.exitCode()).isEqualTo(130);
            assertThat(interrupted.err()).contains("interrupted after 45 rows").contains(resume.toString());
            assertThat(Files.readString(resume)).contains("rows=45");
            assertThat(Files.size(resumed)).isLessThan(Files.size(whole));

            Cli.Run rest = export(database, Interruption.NEVER, format, resumed, resume);
            assertThat(rest.exitCode()).as(rest.err()).isZero();
            assertThat(resume).doesNotExist();
            assertThat(Files.readString(resumed, StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(whole, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void resumingCutsAwayRowsWrittenAfterTheLastSavedChunk(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 100);
        Path whole = directory.resolve("whole.jsonl");
        Path resumed = directory.resolve("resumed.jsonl");
        Path resume = directory.resolve("resume");
        assertThat(export(database, Interruption.NEVER, "jsonl", whole, resume).exitCode())
                .isZero();
        assertThat(export(database, Cli.afterChunks(3), "jsonl", resumed, resume)
                        .exitCode())
                .isEqualTo(130);
        // a run killed in the middle of its next chunk leaves rows the resume file does not cover
        Files.writeString(resumed, "{\"ID\":28,\"half a row", StandardOpenOption.APPEND);

        assertThat(export(database, Interruption.NEVER, "jsonl", resumed, resume)
                        .exitCode())
                .isZero();
        assertThat(Files.readString(resumed)).isEqualTo(Files.readString(whole));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesTheResumeFileOfAnotherScan(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 100);
        Path out = directory.resolve("out.csv");
        Path resume = directory.resolve("resume");
        assertThat(export(database, Cli.afterChunks(2), "csv", out, resume).exitCode())
                .isEqualTo(130);
        String savedState = Files.readString(resume);
        String written = Files.readString(out);

        Cli.Run other = export(database, Interruption.NEVER, "csv", out, resume, "--where", "id > 10");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).startsWith("chunkwise: the resume file " + resume + " belongs to a different scan");
        assertThat(other.err().lines().count()).isEqualTo(1);
        assertThat(Files.readString(resume)).isEqualTo(savedState);
        assertThat(Files.readString(out)).isEqualTo(written);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void refusesATruncatedTamperedOrForeignVersionResumeFileAndTouchesNothing(TestDatabase database)
            throws IOException {
        Fixtures.createExportTable(database, TABLE, 100);
        Path out = directory.resolve("out.csv");
        Path resume = directory.resolve("resume");
        assertThat(export(database, Cli.afterChunks(2), "csv", out, resume).exitCode())
                .isEqualTo(130);
        String saved = Files.readString(resume);
        String written = Files.readString(out);
        String token = saved.lines()
                .filter(line -> line.startsWith("position="))
                .findFirst()
                .orElseThrow()
                .substring("position=".length());
        char flipped = token.charAt(12) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, 12) + flipped + token.substring(13);
        String otherVersion = "Ag" + token.substring(2);
        Map<String, String> damaged = Map.of(
                "truncated file", saved.substring(0, saved.length() / 3),
                "truncated token", saved.replace(token, token.substring(0, token.length() / 2)),
                "tampered token", saved.replace(token, tampered),
                "token of another format version", saved.replace(token, otherVersion),
                "not a resume file", "hello, world\n",
                "empty file", "");
        for (Map.Entry<String, String> each : damaged.entrySet()) {
            Files.writeString(resume, each.getValue(), StandardCharsets.UTF_8);
            Cli.Run run = export(database, Interruption.NEVER, "csv", out, resume);
            assertThat(run.exitCode()).as(each.getKey() + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().lines().count())
                    .as(each.getKey() + ": " + run.err())
                    .isEqualTo(1);
            assertThat(run.err()).as(each.getKey()).contains("resume file");
            assertThat(Files.readString(resume)).as(each.getKey()).isEqualTo(each.getValue());
            assertThat(Files.readString(out)).as(each.getKey()).isEqualTo(written);
        }
    }
}
