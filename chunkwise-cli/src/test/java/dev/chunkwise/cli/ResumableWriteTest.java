package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G7 from the command line: an update or delete stopped at a chunk boundary and run again applies
 * every chunk once; a finished job changes nothing; a different command under the same job name,
 * a job without --where, a bad --set are refused and change nothing; the walk ends at the last row
 * that matched when the job started; --max-rows; delete --archive and --archive-table keep every
 * deleted row once.
 */
class ResumableWriteTest {

    private static final String TABLE = "cli_jobs";
    private static final int ROWS = 300;

    @TempDir
    Path directory;

    private static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.drop("chunkwise_checkpoint");
        database.execute("CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, grp INTEGER "
                + "NOT NULL, n INTEGER NOT NULL)");
        StringBuilder values = new StringBuilder();
        for (int id = 1; id <= ROWS; id++) {
            values.append(id == 1 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", ")
                    .append(id % 3)
                    .append(", 0)");
        }
        database.execute("INSERT INTO " + TABLE + " (id, grp, n) VALUES " + values);
    }

    /** n of every row, by id. */
    private static Map<Long, Long> counts(TestDatabase database) {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        for (List<Object> row : database.query("SELECT id, n FROM " + TABLE)) {
            counts.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
        return counts;
    }

    private static Cli.Run update(TestDatabase database, Interruption interruption, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "update",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--where",
                "grp = 1",
                "--chunk-size",
                "7"));
        args.addAll(List.of(more));
        return Cli.run(interruption, Map.of(), args.toArray(String[]::new));
    }

    private static void assertIncrementedOnce(TestDatabase database, int times) {
        counts(database).forEach((id, n) -> assertThat(n).as("n of row %d", id).isEqualTo(id % 3 == 1 ? times : 0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anInterruptedUpdateRunAgainChangesEveryMatchingRowOnceAndAFinishedJobNothing(TestDatabase database) {
        createTable(database);
        Cli.Run first = update(database, Cli.afterChunks(4));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.err())
                .contains("interrupted after 21 rows updated in 3 committed chunks")
                .contains("run the same command again to continue");
        Cli.Run second = update(database, Interruption.NEVER);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("chunkwise: 79 rows updated in ").contains("100 rows updated over all runs");
        assertIncrementedOnce(database, 1);

        Cli.Run third = update(database, Interruption.NEVER);
        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.err()).contains("finished earlier: 100 rows updated").contains("nothing changed");
        assertIncrementedOnce(database, 1);

        Cli.Run again = update(database, Interruption.NEVER, "--restart");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertIncrementedOnce(database, 2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusedJobsChangeNothing(TestDatabase database) {
        createTable(database);
        assertThat(update(database, Cli.afterChunks(2), "--job", "nightly").exitCode())
                .isEqualTo(ExitCode.INTERRUPTED);
        Map<Long, Long> before = counts(database);

        Cli.Run other = Cli.run(
                "update",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 5",
                "--where",
                "grp = 1",
                "--job",
                "nightly");
        assertThat(other.exitCode()).as(other.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(other.err())
                .contains("job 'nightly'")
                .contains("belongs to another command")
                .contains("--restart");

        Cli.Run everything = Cli.run("delete", "--url", database.url(), "--table", TABLE);
        assertThat(everything.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(everything.err()).contains("there is no --where").contains("--all");

        Cli.Run badSet =
                Cli.run("update", "--url", database.url(), "--table", TABLE, "--set", "nope = 1", "--where", "grp = 1");
        assertThat(badSet.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(counts(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aJobEndsAtTheLastRowThatMatchedWhenItStarted(TestDatabase database) {
        createTable(database);
        assertThat(update(database, Cli.afterChunks(3)).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        // rows that match arrive after the job started, beyond its last matching row
        database.execute("INSERT INTO " + TABLE + " (id, grp, n) VALUES (1000, 1, 0), (1001, 1, 0)");
        assertThat(update(database, Interruption.NEVER).exitCode()).isZero();
        Map<Long, Long> counts = counts(database);
        assertThat(counts.get(1000L)).isZero();
        assertThat(counts.get(1001L)).isZero();
        assertThat(counts.get(298L)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void maxRowsStopsAfterThatManyChangesAndTheNextRunGoesOn(TestDatabase database) {
        createTable(database);
        Cli.Run first = update(database, Interruption.NEVER, "--max-rows", "10");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("10 rows updated").contains("stopped after --max-rows 10");
        assertThat(counts(database).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(10);
        Cli.Run rest = update(database, Interruption.NEVER);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertIncrementedOnce(database, 1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteArchiveKeepsEveryDeletedRowOnceAcrossAnInterruption(TestDatabase database) throws Exception {
        createTable(database);
        Path archive = directory.resolve("archive-" + database.name() + ".csv");
        String[] delete = {
            "delete",
            "--url",
            database.url(),
            "--table",
            TABLE,
            "--where",
            "grp = 2",
            "--chunk-size",
            "9",
            "--archive",
            archive.toString()
        };
        Cli.Run first = Cli.run(Cli.afterChunks(3), Map.of(), delete);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        Cli.Run second = Cli.run(delete);
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<String> lines = Files.readAllLines(archive);
        assertThat(lines.get(0)).isEqualToIgnoringCase("id,grp,n");
        Set<Long> archived = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(archived.add(Long.parseLong(line.split(",")[0])))
                    .as("archived once: %s", line)
                    .isTrue();
            assertThat(line).endsWith(",2,0");
        }
        assertThat(archived).hasSize(100);
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 2"))
                .isZero();
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE)).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteArchiveTableMovesTheRowsInTheChunksTransaction(TestDatabase database) {
        createTable(database);
        database.drop("cli_jobs_archive");
        database.execute("CREATE TABLE cli_jobs_archive (id " + database.bigint() + " NOT NULL PRIMARY KEY, grp "
                + "INTEGER NOT NULL, n INTEGER NOT NULL)");
        Cli.Run run = Cli.run(
                "delete",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--where",
                "grp = 0",
                "--chunk-size",
                "8",
                "--archive-table",
                "cli_jobs_archive");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM cli_jobs_archive WHERE grp = 0"))
                .isEqualTo(100);
        assertThat(database.count("SELECT COUNT(*) FROM cli_jobs_archive")).isEqualTo(100);
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE)).isEqualTo(200);
    }

    @Test
    void withoutACheckpointTheRunWarnsThatARerunStartsOver() {
        TestDatabase database = TestDatabase.H2;
        createTable(database);
        Cli.Run run = update(database, Cli.afterChunks(2), "--no-checkpoint");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(run.err()).contains("--no-checkpoint").contains("a re-run starts over");
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE n > 0"))
                .isEqualTo(7);
    }

    /** A user who may change the table but not create tables is told how to go on. */
    @Test
    void aCheckpointTableThatCannotBeCreatedIsNamedWithTheWaysOut() {
        TestDatabase database = TestDatabase.POSTGRESQL;
        createTable(database);
        database.execute(
                "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chunkwise_no_ddl') THEN"
                        + " DROP OWNED BY chunkwise_no_ddl; DROP ROLE chunkwise_no_ddl; END IF; END $$",
                "CREATE ROLE chunkwise_no_ddl LOGIN",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT SELECT, UPDATE ON " + TABLE + " TO chunkwise_no_ddl");
        String url = database.url().replace("user=postgres", "user=chunkwise_no_ddl");
        Map<Long, Long> before = counts(database);
        Cli.Run run = Cli.run("update", "--url", url, "--table", TABLE, "--set", "n = n + 1", "--where", "grp = 1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("cannot create the checkpoint table chunkwise_checkpoint")
                .contains("--checkpoint-table NAME")
                .contains("--no-checkpoint");
        assertThat(counts(database)).isEqualTo(before);
        Cli.Run anyway = Cli.run(
                "update",
                "--url",
                url,
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--where",
                "grp = 1",
                "--no-checkpoint");
        assertThat(anyway.exitCode()).as(anyway.err()).isZero();
        assertIncrementedOnce(database, 1);
    }
}
