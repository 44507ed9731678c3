package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The progress bar of a filtered export, printed as lines because standard error is not a
 * terminal: its total is the estimate of the filtered rows, not the table's; it ends at 100% of the
 * rows delivered; a stopped run leaves it where it stood.
 */
class ProgressTest {

    /** {@code export   0% [...] 0/2,000 rows}: the library's line, our separators. */
    private static final Pattern LINE = Pattern.compile("(?m)^(?:export|delete) +(\\d+)% .* ([0-9,]+)/([0-9,]+) rows");

    @TempDir
    Path directory;

    private record Shown(int percent, long done, long total) {}

    private static List<Shown> lines(String err) {
        Matcher line = LINE.matcher(err);
        List<Shown> shown = new java.util.ArrayList<>();
        while (line.find()) {
            shown.add(new Shown(
                    Integer.parseInt(line.group(1)),
                    Long.parseLong(line.group(2).replace(",", "")),
                    Long.parseLong(line.group(3).replace(",", ""))));
        }
        assertThat(shown).as("progress lines in:\n%s", err).isNotEmpty();
        return shown;
    }

    private Cli.Run export(TestDatabase database, Interruption interruption) {
        return Cli.run(
                interruption,
                java.util.Map.of(),
                "export",
                "--url",
                database.url(),
                "--table",
                PlanFixture.TABLE,
                "--where",
                "grp = 3",
                "--chunk-size",
                "150",
                "--progress",
                "--out",
                directory.resolve("out.csv").toString());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFilteredExportStartsFromTheFilteredEstimateAndEndsAtOneHundredPercent(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = export(database, Interruption.NEVER);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Shown> shown = lines(run.err());
        Shown first = shown.get(0);
        assertThat(first.total())
                .as(
                        "the first line's total is the estimate of the %,d matching rows, not the table's %,d:\n%s",
                        PlanFixture.MATCHING, PlanFixture.ROWS, run.err())
                .isBetween(PlanFixture.MATCHING / 2L, PlanFixture.MATCHING * 2L);
        Shown last = shown.get(shown.size() - 1);
        assertThat(last).as(run.err()).isEqualTo(new Shown(100, PlanFixture.MATCHING, PlanFixture.MATCHING));
        assertThat(run.err()).contains("2,000/2,000 rows").containsPattern("[0-9,]+ rows/s");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStoppedExportLeavesTheBarWhereItStood(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = export(database, Cli.afterChunks(3));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        Shown last = lines(run.err()).get(lines(run.err()).size() - 1);
        assertThat(last.done()).as(run.err()).isEqualTo(450);
        assertThat(last.total()).as(run.err()).isGreaterThan(450);
        assertThat(last.percent()).as(run.err()).isLessThan(100);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFilteredDeleteStartsFromTheFilteredEstimateAndEndsAtOneHundredPercent(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = Cli.run(
                "delete",
                "--url",
                database.url(),
                "--table",
                PlanFixture.TABLE,
                "--where",
                "grp = 3",
                "--chunk-size",
                "150",
                "--no-checkpoint",
                "--progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Shown> shown = lines(run.err());
        assertThat(shown.get(0).total()).as(run.err()).isBetween(PlanFixture.MATCHING / 2L, PlanFixture.MATCHING * 2L);
        assertThat(shown.get(shown.size() - 1))
                .as(run.err())
                .isEqualTo(new Shown(100, PlanFixture.MATCHING, PlanFixture.MATCHING));
    }

    private static Shown lastLineOf(long estimate, long delivered, boolean completed) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try (Progress bar = Progress.bar(
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                "export",
                java.util.OptionalLong.of(estimate),
                0,
                false)) {
            bar.advance(delivered);
            if (completed) {
                bar.complete();
            }
        }
        List<Shown> shown = lines(err.toString(java.nio.charset.StandardCharsets.UTF_8));
        return shown.get(shown.size() - 1);
    }

    @Test
    void aCompletedRunEndsAtOneHundredPercentWhenTheEstimateWasTooHigh() {
        assertThat(lastLineOf(5_000, 1_234, true)).isEqualTo(new Shown(100, 1_234, 1_234));
    }

    @Test
    void aCompletedRunEndsAtOneHundredPercentWhenTheEstimateWasTooLow() {
        assertThat(lastLineOf(1_000, 1_500, true)).isEqualTo(new Shown(100, 1_500, 1_500));
    }

    @Test
    void aStoppedRunKeepsTheEstimateAsItsTotal() {
        assertThat(lastLineOf(5_000, 1_234, false)).isEqualTo(new Shown(24, 1_234, 5_000));
    }
}
