package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G7 against the real jar: a chunked update, delete and delete --archive over 200,000 rows are
 * stopped at random moments, by SIGINT, by SIGKILL of the JVM and by killing the job's
 * connection from the server, several times each, and run again with the same command until one
 * run reports the job done. Then every matching row was incremented (or deleted, and archived)
 * exactly once, and no other row changed. PostgreSQL, and MariaDB through both its drivers.
 */
class CrashRerunIT {

    private static final String TABLE = "cli_crash";
    private static final int ROWS = 200_000;
    private static final int FAULTS = 4;

    /** Where the job runs: the server the test checks, and the URL the job is given. */
    enum Target {
        POSTGRESQL(TestDatabase.POSTGRESQL, null),
        MARIADB(TestDatabase.MARIADB, null),
        MYSQL_DRIVER(
                TestDatabase.MARIADB,
                "jdbc:mysql://127.0.0.1:3306/test?user=root&password=&sslMode=DISABLED&allowPublicKeyRetrieval=true");

        final TestDatabase database;
        private final String url;

        Target(TestDatabase database, String url) {
            this.database = database;
            this.url = url;
        }

        String url() {
            if (url == null) {
                return database.url();
            }
            // the MySQL driver on the database the environment names, as the MariaDB target's
            String configured = System.getenv("CHUNKWISE_MYSQL_URL");
            return configured != null && !configured.isBlank() ? configured : url;
        }
    }

    /** How a run is stopped. */
    enum Fault {
        SIGINT,
        SIGKILL,
        CONNECTION_KILLED
    }

    @TempDir
    Path directory;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.drop("chunkwise_checkpoint");
        if (database == TestDatabase.POSTGRESQL) {
            database.execute(
                    "CREATE TABLE " + TABLE + " AS SELECT g::bigint AS id, (g % 3)::int AS grp, 0 AS n,"
                            + " repeat('x', 40) AS pad FROM generate_series(1, " + ROWS + ") AS g",
                    "ALTER TABLE " + TABLE + " ADD PRIMARY KEY (id)",
                    "ANALYZE " + TABLE);
        } else {
            database.execute(
                    "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, grp INT NOT NULL, n INT NOT NULL,"
                            + " pad VARCHAR(40) NOT NULL) ENGINE=InnoDB",
                    "INSERT INTO " + TABLE + " SELECT seq, seq % 3, 0, repeat('x', 40) FROM seq_1_to_" + ROWS);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void anUpdateStoppedAnyHowAndRunAgainIncrementsEveryMatchingRowOnce(Target target) throws Exception {
        createTable(target.database);
        runUntilDone(
                target,
                "update",
                "--url",
                target.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--where",
                "grp = 1",
                "--chunk-size",
                "300");
        TestDatabase database = target.database;
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 1 AND n = 1"))
                .as("matching rows incremented once (seed %d)", seed)
                .isEqualTo(ROWS / 3 + 1);
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE n <> CASE WHEN grp = 1 THEN 1 ELSE 0 END"))
                .as("rows changed other than once (seed %d)", seed)
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aParallelUpdateStoppedAnyHowAndRunAgainIncrementsEveryMatchingRowOnce(Target target) throws Exception {
        createTable(target.database);
        runUntilDone(
                target,
                "update",
                "--url",
                target.url(),
                "--table",
                TABLE,
                "--set",
                "n = n + 1",
                "--where",
                "grp = 1",
                "--chunk-size",
                "300",
                "--parallel",
                "3");
        TestDatabase database = target.database;
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 1 AND n = 1"))
                .as("matching rows incremented once (seed %d)", seed)
                .isEqualTo(ROWS / 3 + 1);
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE n <> CASE WHEN grp = 1 THEN 1 ELSE 0 END"))
                .as("rows changed other than once (seed %d)", seed)
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aDeleteWithAnArchiveStoppedAnyHowAndRunAgainKeepsEveryDeletedRowOnce(Target target) throws Exception {
        createTable(target.database);
        Path archive = directory.resolve("archive.jsonl");
        runUntilDone(
                target,
                "delete",
                "--url",
                target.url(),
                "--table",
                TABLE,
                "--where",
                "grp = 2",
                "--chunk-size",
                "300",
                "--archive",
                archive.toString(),
                "--format",
                "jsonl");
        TestDatabase database = target.database;
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 2"))
                .isZero();
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE)).isEqualTo(ROWS - ROWS / 3 - 1);
        Set<Long> archived = new HashSet<>();
        List<String> lines = Files.readAllLines(archive);
        for (String line : lines) {
            long id = Long.parseLong(line.replaceAll("^\\{\"id\":(\\d+),.*$", "$1"));
            assertThat(archived.add(id))
                    .as("row %d archived once (seed %d)", id, seed)
                    .isTrue();
            assertThat(id % 3).isEqualTo(2);
        }
        assertThat(archived).as("every deleted row archived (seed %d)", seed).hasSize(ROWS / 3 + 1);
    }

    @ParameterizedTest
    @EnumSource(
            value = Target.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aDeleteStoppedAnyHowAndRunAgainDeletesExactlyTheMatchingRows(Target target) throws Exception {
        createTable(target.database);
        runUntilDone(
                target, "delete", "--url", target.url(), "--table", TABLE, "--where", "grp = 0", "--chunk-size", "700");
        TestDatabase database = target.database;
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 0"))
                .isZero();
        assertThat(database.count("SELECT COUNT(*) FROM " + TABLE)).isEqualTo(ROWS - ROWS / 3);
    }

    /**
     * Runs the command with a fault injected at a random moment, {@link #FAULTS} times per kind
     * of fault in a random order, then without one until a run exits 0.
     */
    private void runUntilDone(Target target, String... command) throws Exception {
        List<Fault> faults = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (int i = 0; i < FAULTS; i++) {
                faults.add(fault);
            }
        }
        java.util.Collections.shuffle(faults, random);
        List<String> history = new ArrayList<>();
        // the faults are spread over the whole job: a run survives a killed connection (it retries
        // the chunk on a new one) and gets the next fault; SIGINT and SIGKILL end it
        Process process = null;
        for (Fault fault : faults) {
            if (process == null) {
                process = start(command);
            }
            long chunk = committedChunks(target.database) + 1 + random.nextInt(10);
            if (awaitChunks(process, target.database, chunk)) {
                history.add("ended by itself before chunk " + chunk + ": exit " + process.exitValue());
                if (process.exitValue() == 0) {
                    process = null;
                    break;
                }
                process = null;
                continue;
            }
            Thread.sleep(random.nextInt(30)); // somewhere inside the next chunk, or its commit
            inject(fault, process, target);
            if (fault == Fault.CONNECTION_KILLED) {
                history.add("connection killed after chunk " + chunk);
            } else {
                assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
                history.add(fault + " after chunk " + chunk + ": exit " + process.exitValue());
                process = null;
            }
        }
        if (process != null) {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            history.add("ended after the last fault: exit " + process.exitValue());
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Process last = start(command);
            assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
            history.add("no fault: exit " + last.exitValue());
            if (last.exitValue() == 0) {
                System.out.println(String.join("; ", history));
                String err = Files.readString(directory.resolve("stderr.txt"));
                assertThat(err).as(String.join("; ", history)).containsAnyOf(" done", "finished earlier");
                return;
            }
        }
        throw new AssertionError("the job did not finish (seed " + seed + "): " + String.join("; ", history) + "; "
                + Files.readString(directory.resolve("stderr.txt")));
    }

    /** Waits until the job has committed {@code chunks} chunks in all, or its process ended (then true). */
    private static boolean awaitChunks(Process process, TestDatabase database, long chunks) throws Exception {
        while (process.isAlive()) {
            if (committedChunks(database) >= chunks) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * The chunks the job has committed over all its runs, as its checkpoint rows say (0 before they
     * exist): the job's row, or with --parallel each partition's counts row (the job's own says 0
     * until it is done, and the partitions' positions hold no count).
     */
    private static long committedChunks(TestDatabase database) {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            try (ResultSet table = statement.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE" + " table_name = 'chunkwise_checkpoint'")) {
                if (table.next() && table.getLong(1) == 0) {
                    return 0;
                }
            }
            long chunks = 0;
            long done = 0;
            try (ResultSet rows = statement.executeQuery("SELECT job, details FROM chunkwise_checkpoint")) {
                while (rows.next()) {
                    java.util.Properties details = new java.util.Properties();
                    details.load(new java.io.StringReader(rows.getString(2)));
                    long count = Long.parseLong(details.getProperty("chunks", "0"));
                    if (rows.getString(1).matches(".*#\\d+")) {
                        chunks += count; // a partition's counts
                    } else {
                        done = Math.max(done, count); // the job's row: its total once done
                    }
                }
            }
            return Math.max(chunks, done);
        } catch (SQLException | IOException notYet) {
            return 0; // the table does not exist yet
        }
    }

    private void inject(Fault fault, Process process, Target target) throws Exception {
        switch (fault) {
            case SIGINT:
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .start()
                        .waitFor();
                break;
            case SIGKILL:
                process.destroyForcibly();
                break;
            default:
                killConnections(target.database);
                break;
        }
    }

    /** Kills, from the server, every session of the job (every other session on the table's database). */
    private static void killConnections(TestDatabase database) throws SQLException {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            if (database == TestDatabase.POSTGRESQL) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
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
        }
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"))
                .toAbsolutePath()
                .toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }
}
