package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code update --parallel N} and {@code delete --parallel N}: every matching row changed once over
 * the partitions; a run interrupted, or a partition that failed, continued by the same command
 * without a chunk applied twice; a killed worker connection retried exactly; a re-run with
 * another N, or a job of one walk continued in parallel, refused with nothing changed; the
 * per-partition --stats. On PostgreSQL, MariaDB through both its drivers, H2 and SQLite.
 */
class ParallelWriteTest {

    private static final String TABLE = "cli_parallel_jobs";
    private static final String ARCHIVE = "cli_parallel_archive";
    private static final int ROWS = 300;

    /** Where the command runs: the database the test checks, and the URL the command is given. */
    enum Setup {
        POSTGRESQL(TestDatabase.POSTGRESQL),
        MARIADB(TestDatabase.MARIADB),
        MYSQL_DRIVER(TestDatabase.MARIADB),
        H2(TestDatabase.H2),
        SQLITE(TestDatabase.SQLITE);

        final TestDatabase database;

        Setup(TestDatabase database) {
            this.database = database;
        }

        String url() {
            if (this != MYSQL_DRIVER) {
                return database.url();
            }
            return TestDatabase.mysqlDriverUrl();
        }
    }

    /** Rows 1 to 300, grp = id % 3, n = 0; with {@code failFrom}, n must stay below 5 and rows from it hold 4. */
    private static void createTable(TestDatabase database, int failFrom) {
        database.drop(TABLE);
        database.drop(ARCHIVE);
        database.drop("chunkwise_checkpoint");
        String columns = "(id " + database.bigint() + " NOT NULL PRIMARY KEY, grp INTEGER NOT NULL, n INTEGER NOT NULL"
                + (failFrom > 0 ? " CHECK (n < 5)" : "") + ")";
        database.execute("CREATE TABLE " + TABLE + " " + columns, "CREATE TABLE " + ARCHIVE + " " + columns);
        StringBuilder values = new StringBuilder();
        for (int id = 1; id <= ROWS; id++) {
            values.append(id == 1 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", ")
                    .append(id % 3)
                    .append(", ")
                    .append(failFrom > 0 && id >= failFrom ? 4 : 0)
                    .append(")");
        }
        database.execute("INSERT INTO " + TABLE + " (id, grp, n) VALUES " + values);
    }

    /** n of every row, by id. */
    private static Map<Long, Long> counts(TestDatabase database) {
        Map<Long, Long> counts = new TreeMap<>();
        for (List<Object> row : database.query("SELECT id, n FROM " + TABLE)) {
            counts.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
        return counts;
    }

    private static void assertIncrementedOnce(TestDatabase database) {
        Map<Long, Long> counts = counts(database);
        assertThat(counts).hasSize(ROWS);
        counts.forEach((id, n) -> assertThat(n).as("n of row %d", id).isEqualTo(id % 3 == 1 ? 1 : 0));
    }

    private static Cli.Run update(Setup setup, Interruption interruption, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "update",
                "--url",
                setup.url(),
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

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aParallelUpdateChangesEveryMatchingRowOnceAndReportsEachPartition(Setup setup) {
        createTable(setup.database, 0);
        Cli.Run run = update(setup, Interruption.NEVER, "--parallel", "3", "--stats");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertIncrementedOnce(setup.database);
        assertThat(run.err())
                .contains("chunkwise: 100 rows updated in ")
                .contains("3 partitions, job '")
                .contains("chunkwise: partition 1 of 3: ")
                .contains("chunkwise: partition 3 of 3: ")
                .contains("chunkwise: all partitions: 100 rows updated in ")
                .contains("0 retries")
                .contains("chunkwise: write statements: ");
        long perPartition = 0;
        for (String line : run.err().lines().toList()) {
            java.util.regex.Matcher partition = java.util.regex.Pattern.compile(
                            "chunkwise: partition \\d of 3: ([\\d,]+) rows updated in ([\\d,]+) chunks?, \\d+ retr")
                    .matcher(line);
            if (partition.find()) {
                perPartition += Long.parseLong(partition.group(1).replace(",", ""));
            }
        }
        assertThat(perPartition).as(run.err()).isEqualTo(100);

        Cli.Run again = update(setup, Interruption.NEVER, "--parallel", "3");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("finished earlier: 100 rows updated").contains("nothing changed");
        assertIncrementedOnce(setup.database);
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void anInterruptedParallelUpdateRunAgainContinuesEachPartitionAndAppliesNoChunkTwice(Setup setup) {
        createTable(setup.database, 0);
        Cli.Run first = update(setup, Cli.afterChunks(6), "--parallel", "3");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.err())
                .contains("interrupted after ")
                .contains("over 3 partitions")
                .contains("run the same command again to continue each partition after its last committed chunk");
        long changed = setup.database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE n = 1");
        assertThat(changed).isGreaterThan(0).isLessThan(100);

        Cli.Run second = update(setup, Interruption.NEVER, "--parallel", "3", "--stats");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err())
                .contains("chunkwise: " + (100 - changed) + " rows updated in ")
                .contains("100 rows updated over all runs");
        assertIncrementedOnce(setup.database);
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aParallelDeleteWithAnArchiveTableDeletesAndKeepsEveryMatchingRowOnceOverAnInterruption(Setup setup) {
        createTable(setup.database, 0);
        String[] delete = {
            "delete",
            "--url",
            setup.url(),
            "--table",
            TABLE,
            "--where",
            "grp = 2",
            "--chunk-size",
            "9",
            "--archive-table",
            ARCHIVE,
            "--parallel",
            "4"
        };
        Cli.Run first = Cli.run(Cli.afterChunks(5), Map.of(), delete);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        Cli.Run second = Cli.run(delete);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("100 rows deleted over all runs");
        assertThat(setup.database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 2"))
                .isZero();
        assertThat(setup.database.count("SELECT COUNT(*) FROM " + TABLE)).isEqualTo(ROWS - 100);
        assertThat(setup.database.count("SELECT COUNT(*) FROM " + ARCHIVE)).isEqualTo(100);
        assertThat(setup.database.count("SELECT COUNT(DISTINCT id) FROM " + ARCHIVE + " WHERE grp = 2"))
                .isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aFailedPartitionIsReportedWithItsPositionWhileTheOthersFinishAndARerunContinuesIt(Setup setup) {
        // rows from 291 hold n = 4, and n + 1 breaks the CHECK: the chunk with row 291 fails
        createTable(setup.database, 291);
        Cli.Run failed = Cli.run(
                "update",
                "--url",
                setup.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--all",
                "--chunk-size",
                "10",
                "--retries",
                "0",
                "--parallel",
                "3",
                "--partition-strategy",
                "index-walk");
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.err())
                .containsPattern("(?i)partition 3 of 3 failed after id = \\d+ \\(its last committed row\\)")
                .contains("the other partitions ran to their end")
                .contains("the same command again continues the failed partition after the last committed chunk");
        // the partitions before the last ran to their end; the last stopped before row 291's chunk
        assertThat(setup.database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE id <= 200 AND n <> 1"))
                .isZero();
        assertThat(setup.database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE id >= 291 AND n <> 4"))
                .isZero();

        setup.database.execute("UPDATE " + TABLE + " SET n = 0 WHERE id >= 291");
        Cli.Run rerun = Cli.run(
                "update",
                "--url",
                setup.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--all",
                "--chunk-size",
                "10",
                "--retries",
                "0",
                "--parallel",
                "3",
                "--stats");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.err()).contains("finished by an earlier run").contains("300 rows updated over all runs");
        counts(setup.database)
                .forEach((id, n) -> assertThat(n).as("n of row %d", id).isEqualTo(1));
    }

    @ParameterizedTest
    @EnumSource(
            value = Setup.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void workerConnectionsKilledFromTheServerGiveEveryRowOnce(Setup setup) {
        createTable(setup.database, 0);
        AtomicInteger chunks = new AtomicInteger();
        // every fifth chunk, before its statements, the server ends every session of the job
        Interruption killer = () -> {
            if (chunks.incrementAndGet() % 5 == 0) {
                killOtherSessions(setup.database);
            }
            return false;
        };
        List<String> history = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            Cli.Run run = update(setup, attempt < 4 ? killer : Interruption.NEVER, "--parallel", "3", "--stats");
            history.add("exit " + run.exitCode() + ": " + run.err());
            if (run.exitCode() == 0) {
                break;
            }
            // a commit cut off by the kill has an unknown outcome: that partition fails, a rerun resumes it
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
        }
        assertThat(history.get(history.size() - 1))
                .as(String.join("\n", history))
                .startsWith("exit 0");
        // the kills did something: a chunk retried on a new connection, or a run failed and was continued
        assertThat(history.size() > 1 || history.get(0).matches("(?s).*[1-9]\\d* retr.*"))
                .as(String.join("\n", history))
                .isTrue();
        assertIncrementedOnce(setup.database);
    }

    @ParameterizedTest
    @EnumSource(
            value = Setup.class,
            names = {"POSTGRESQL", "SQLITE"})
    void aRerunWithAnotherNumberOfPartitionsOrWithoutParallelIsRefusedAndChangesNothing(Setup setup) {
        createTable(setup.database, 0);
        assertThat(update(setup, Cli.afterChunks(4), "--parallel", "3").exitCode())
                .isEqualTo(ExitCode.INTERRUPTED);
        Map<Long, Long> before = counts(setup.database);

        Cli.Run other = update(setup, Interruption.NEVER, "--parallel", "2");
        assertThat(other.exitCode()).as(other.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(other.err())
                .contains("was started with --parallel 3")
                .contains("cannot continue as --parallel 2")
                .contains("run it again with --parallel 3");
        Cli.Run single = update(setup, Interruption.NEVER);
        assertThat(single.exitCode()).as(single.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(single.err()).contains("was started with --parallel 3").contains("continue it with --parallel 3");
        assertThat(counts(setup.database)).isEqualTo(before);

        Cli.Run restarted = update(setup, Interruption.NEVER, "--parallel", "2", "--restart");
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(restarted.err()).contains("100 rows updated in ").contains("2 partitions");
        // the first run's rows were incremented once, and the restarted job did every matching row again
        counts(setup.database)
                .forEach(
                        (id, n) -> assertThat(n).as("n of row %d", id).isEqualTo(id % 3 == 1 ? before.get(id) + 1 : 0));
    }

    @Test
    void aJobOfOneWalkIsNotContinuedInParallel() {
        Setup setup = Setup.H2;
        createTable(setup.database, 0);
        assertThat(update(setup, Cli.afterChunks(3)).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        Map<Long, Long> before = counts(setup.database);
        Cli.Run parallel = update(setup, Interruption.NEVER, "--parallel", "2");
        assertThat(parallel.exitCode()).as(parallel.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(parallel.err())
                .contains("was started without --parallel")
                .contains("continue it without --parallel, or --restart");
        assertThat(counts(setup.database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(
            value = Setup.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aParallelDryRunShowsThePartitionsAndChangesNothing(Setup setup) {
        createTable(setup.database, 0);
        Cli.Run run = update(setup, Interruption.NEVER, "--parallel", "3", "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("-- dry run: nothing is changed")
                .contains("-- with --parallel 3: 3 partitions (")
                .contains("--   1: from the start to before id = ")
                .contains("--   3: from id = ");
        counts(setup.database).forEach((id, n) -> assertThat(n).isZero());
    }

    @Test
    void optionsThatCannotWorkInParallelAreRefusedBeforeConnecting() {
        String url = "jdbc:h2:mem:refused";
        Cli.Run maxRows = Cli.run(
                "update",
                "--url",
                url,
                "--table",
                "t",
                "--set",
                "n = 1",
                "--all",
                "--parallel",
                "2",
                "--max-rows",
                "5");
        assertThat(maxRows.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(maxRows.err()).contains("--max-rows stops one walk").contains("give one of them");
        Cli.Run archive =
                Cli.run("delete", "--url", url, "--table", "t", "--all", "--parallel", "2", "--archive", "rows.csv");
        assertThat(archive.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(archive.err()).contains("--archive FILE is one file").contains("--archive-table NAME");
        Cli.Run strategy = Cli.run("delete", "--url", url, "--table", "t", "--all", "--partition-strategy", "sample");
        assertThat(strategy.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(strategy.err()).contains("--partition-strategy applies to --parallel");
        Cli.Run zero = Cli.run("delete", "--url", url, "--table", "t", "--all", "--parallel", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(zero.err()).contains("--parallel must be at least 1, got 0");
    }

    /**
     * Ends, from the server, the job's sessions (every other session on the test's database); on
     * PostgreSQL those inside a transaction between statements (a chunk read, its writes to come).
     */
    private static void killOtherSessions(TestDatabase database) {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            if (database == TestDatabase.POSTGRESQL) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                        + " AND state = 'idle in transaction'");
                return;
            }
            List<Long> sessions = new ArrayList<>();
            try (ResultSet others = statement.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE db ="
                    + " DATABASE() AND id <> CONNECTION_ID() AND command <> 'Daemon'")) {
                while (others.next()) {
                    sessions.add(others.getLong(1));
                }
            }
            for (long session : sessions) {
                try {
                    statement.execute("KILL CONNECTION " + session);
                } catch (SQLException gone) {
                    // it ended by itself meanwhile
                }
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
