package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code export} does with its output file and its selection: an existing file is never
 * replaced by surprise, a refused run creates nothing, devices and pipes are written as streams
 * and a pipe closed by its reader stops the run; {@code --columns}, {@code --limit} and
 * {@code --compress} give the same rows as a plain export, resumed or not.
 */
class ExportFilesTest {

    private static final String TABLE = "cli_files";

    @TempDir
    Path directory;

    private static Cli.Run export(TestDatabase database, Interruption interruption, String... more) {
        List<String> args =
                new ArrayList<>(List.of("export", "--url", database.url(), "--table", TABLE, "--chunk-size", "7"));
        args.addAll(List.of(more));
        return Cli.run(interruption, Map.of(), args.toArray(String[]::new));
    }

    private static Cli.Run export(TestDatabase database, String... more) {
        return export(database, Interruption.NEVER, more);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "H2"})
    void anExistingOutputIsReplacedOnlyWithForce(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 30);
        Path out = directory.resolve("out.csv");
        Files.writeString(out, "somebody's data\n");

        Cli.Run refused = export(database, "--out", out.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("chunkwise: --out " + out + " exists; give --force to replace it.\n");
        assertThat(Files.readString(out)).isEqualTo("somebody's data\n");

        // a resume file that does not exist yet does not make the file a resume of it
        Path resume = directory.resolve("resume");
        Cli.Run notAResume = export(database, "--out", out.toString(), "--resume-file", resume.toString());
        assertThat(notAResume.exitCode()).isEqualTo(2);
        assertThat(notAResume.err()).contains("give --force to replace it, or the --resume-file of the export");
        assertThat(Files.readString(out)).isEqualTo("somebody's data\n");
        assertThat(resume).doesNotExist();

        Path plain = directory.resolve("plain.csv");
        assertThat(export(database, "--out", plain.toString()).exitCode()).isZero();
        Cli.Run forced = export(database, "--out", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(Files.readString(plain));

        // an empty file is not somebody's data: it is written without --force
        Path empty = Files.createFile(directory.resolve("empty.csv"));
        assertThat(export(database, "--out", empty.toString()).exitCode()).isZero();
        assertThat(Files.readString(empty)).isEqualTo(Files.readString(plain));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void aRefusedRunCreatesNoFile(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, 30);
        Path out = directory.resolve("out.csv.gz");
        Path resume = directory.resolve("resume");
        List<List<String>> refusals = List.of(
                List.of("--table", "no_such_table"),
                List.of("--columns", "id,no_such_column"),
                List.of("--limit", "0"),
                List.of("--format", "jsonl", "--null", "\\N"),
                List.of("--where", "nope = 1"),
                List.of("--csv-for", "postgresql", "--binary", "base64"),
                List.of("--delimiter", "\""));
        for (List<String> refusal : refusals) {
            List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--resume-file", resume.toString()));
            args.addAll(refusal);
            Cli.Run run = export(database, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(refusal + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
            assertThat(out).as(refusal.toString()).doesNotExist();
            assertThat(resume).as(refusal.toString()).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void writesToADeviceAndToAPipe(TestDatabase database) throws Exception {
        Fixtures.createExportTable(database, TABLE, 100);
        Cli.Run toNull = export(database, "--out", "/dev/null", "--format", "jsonl");
        assertThat(toNull.exitCode()).as(toNull.err()).isZero();

        Path plain = directory.resolve("plain.jsonl");
        assertThat(export(database, "--out", plain.toString(), "--format", "jsonl")
                        .exitCode())
                .isZero();
        Path fifo = fifo("rows");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException failure) {
                throw new IllegalStateException(failure);
            }
        });
        Cli.Run toPipe = export(database, "--out", fifo.toString(), "--format", "jsonl");
        assertThat(toPipe.exitCode()).as(toPipe.err()).isZero();
        assertThat(read.get(1, TimeUnit.MINUTES)).isEqualTo(Files.readAllBytes(plain));

        Cli.Run resumable = export(
                database,
                "--out",
                fifo.toString(),
                "--resume-file",
                directory.resolve("r").toString());
        assertThat(resumable.exitCode()).isEqualTo(2);
        assertThat(resumable.err()).contains("--resume-file needs a regular --out file");
    }

    @Test
    void aPipeClosedByItsReaderStopsTheRun() throws Exception {
        TestDatabase database = TestDatabase.H2;
        Fixtures.createExportTable(database, TABLE, 20_000);
        Path fifo = fifo("head");
        CompletableFuture<Integer> head = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readNBytes(100).length; // then closes it, as `head -c 100` does
            } catch (IOException failure) {
                throw new IllegalStateException(failure);
            }
        });
        Cli.Run run = CompletableFuture.supplyAsync(() -> export(database, "--out", fifo.toString()))
                .get(1, TimeUnit.MINUTES);
        assertThat(head.get()).isEqualTo(100);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exportsTheNamedColumnsInTheirOrderAndStopsAtTheLimitAcrossAResume(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 60);
        Path some = directory.resolve("some.csv");
        Cli.Run run = export(database, "--out", some.toString(), "--columns", "big,id", "--limit", "23");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(some);
        assertThat(lines).hasSize(24);
        assertThat(lines.get(0).toLowerCase(java.util.Locale.ROOT)).isEqualTo("big,id");
        assertThat(lines.get(1)).isEqualTo((Long.MAX_VALUE - 1) + ",1");
        assertThat(lines.get(23)).isEqualTo((Long.MAX_VALUE - 23) + ",23");

        Path resumed = directory.resolve("resumed.csv");
        Path resume = directory.resolve("resume");
        String[] args = {
            "--out", resumed.toString(), "--columns", "big,id", "--limit", "23", "--resume-file", resume.toString()
        };
        assertThat(export(database, Cli.afterChunks(2), args).exitCode()).isEqualTo(130);
        Cli.Run rest = export(database, args);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(Files.readString(resumed)).isEqualTo(Files.readString(some));
        assertThat(resume).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "H2"})
    void aResumeWithOtherOutputOptionsIsRefusedAndTouchesNothing(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 100);
        Path out = directory.resolve("out.csv");
        Path resume = directory.resolve("resume");
        String[] started = {"--out", out.toString(), "--resume-file", resume.toString(), "--compress", "gzip"};
        assertThat(export(database, Cli.afterChunks(2), started).exitCode()).isEqualTo(130);
        String state = Files.readString(resume);
        byte[] written = Files.readAllBytes(out);
        List<List<String>> others = List.of(
                List.of("--compress", "zstd"),
                List.of("--compress", "gzip", "--csv-for", database == TestDatabase.MARIADB ? "generic" : "mariadb"),
                List.of("--compress", "gzip", "--null", "\\N"),
                List.of("--compress", "gzip", "--no-header"),
                List.of("--compress", "gzip", "--columns", "id,name"));
        for (List<String> other : others) {
            List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--resume-file", resume.toString()));
            args.addAll(other);
            Cli.Run run = export(database, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(other + ": " + run.err()).isEqualTo(2);
            assertThat(run.err())
                    .as(other.toString())
                    .startsWith("chunkwise: the resume file " + resume + " belongs to an export written with")
                    .endsWith(": continue it with the options it was started with.\n");
            assertThat(Files.readString(resume)).isEqualTo(state);
            assertThat(Files.readAllBytes(out)).isEqualTo(written);
        }
        Cli.Run same = export(database, started);
        assertThat(same.exitCode()).as(same.err()).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void aCompressedExportResumedOrNotDecompressesToThePlainOne(TestDatabase database) throws Exception {
        Fixtures.createExportTable(database, TABLE, 200);
        Path plain = directory.resolve("plain.jsonl");
        assertThat(export(database, "--out", plain.toString(), "--format", "jsonl")
                        .exitCode())
                .isZero();
        byte[] expected = Files.readAllBytes(plain);
        for (String name : new String[] {"rows.jsonl.gz", "rows.jsonl.zst"}) {
            Path whole = directory.resolve(name);
            assertThat(export(database, "--out", whole.toString(), "--format", "jsonl")
                            .exitCode())
                    .isZero();
            assertThat(decompressed(whole)).as(name).isEqualTo(expected);
            assertThat(decompressedByTheTool(whole))
                    .as(name + " by the command-line tool")
                    .isEqualTo(expected);

            Path resumed = directory.resolve("resumed-" + name);
            Path resume = directory.resolve("resume-" + name);
            String[] args = {"--out", resumed.toString(), "--format", "jsonl", "--resume-file", resume.toString()};
            assertThat(export(database, Cli.afterChunks(4), args).exitCode()).isEqualTo(130);
            // the interrupted part is a well-formed stream on its own
            assertThat(new String(decompressed(resumed), StandardCharsets.UTF_8).lines())
                    .hasSize(28);
            assertThat(export(database, args).exitCode()).isZero();
            assertThat(decompressed(resumed)).as("resumed " + name).isEqualTo(expected);
            assertThat(decompressedByTheTool(resumed)).as("resumed " + name).isEqualTo(expected);
        }
        Path named = directory.resolve("rows.out");
        assertThat(export(database, "--out", named.toString(), "--format", "jsonl", "--compress", "gzip")
                        .exitCode())
                .isZero();
        assertThat(decompressed(directory.resolve("rows.out"), "gzip")).isEqualTo(expected);
    }

    private static byte[] decompressed(Path file) throws IOException {
        return decompressed(file, file.toString().endsWith(".gz") ? "gzip" : "zstd");
    }

    private static byte[] decompressed(Path file, String compression) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                InputStream plain = compression.equals("gzip") ? new GZIPInputStream(in) : new ZstdInputStream(in)) {
            return plain.readAllBytes();
        }
    }

    /** The file as {@code gzip -dc} or {@code zstd -dc} reads it: every member or frame. */
    private static byte[] decompressedByTheTool(Path file) throws Exception {
        Process tool = new ProcessBuilder(file.toString().endsWith(".gz") ? "gzip" : "zstd", "-dc", file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tool.getInputStream().transferTo(out);
        assertThat(tool.waitFor()).isZero();
        return out.toByteArray();
    }

    private Path fifo(String name) throws Exception {
        Path fifo = directory.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        return fifo;
    }
}
