package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection that fails says what failed, in one line on standard error, and nothing else is
 * printed there (no driver's log line: MariaDB Connector/J's {@code [ WARN]}, JDK logging): a
 * refused user names the user and the server, an unreachable server names {@code host:port}, an
 * unknown database names it (all exit 1); an unknown table names the table and the schema searched
 * (exit 2). On PostgreSQL, MariaDB through both drivers, H2 and SQLite, each run as its own
 * {@code java} process, so that whatever a driver prints to the real standard error is seen.
 */
class ConnectionErrorTest {

    private static final String PASSWORD = "Wr0ng-pa55_word";
    private static final String MARIADB_USER = "chunkwise_pw_test";

    @TempDir
    static Path directory;

    @BeforeAll
    static void createUsersAndFiles() throws SQLException {
        // a user with a password, so that MariaDB refuses a wrong one (PostgreSQL here trusts every
        // local connection, so a user that does not exist stands for a refused login there)
        TestDatabase.MARIADB.execute(
                "CREATE USER IF NOT EXISTS '" + MARIADB_USER + "'@'%' IDENTIFIED BY 'the-right-one'",
                "CREATE USER IF NOT EXISTS '" + MARIADB_USER + "'@'localhost' IDENTIFIED BY 'the-right-one'");
        try (Connection connection = DriverManager.getConnection(h2File("guarded"), "guard", "the-right-one");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)");
        }
    }

    private static String h2File(String name) {
        return "jdbc:h2:file:" + directory.resolve(name);
    }

    /** The configured URL without its parameters: {@code jdbc:postgresql://host:port/database}. */
    private static String base(TestDatabase database) {
        String url = database.url();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String withDatabase(TestDatabase database, String name) {
        String base = base(database);
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    private static String atClosedPort(TestDatabase database) {
        String base = base(database);
        int start = base.indexOf("//") + 2;
        return base.substring(0, start) + "127.0.0.1:1" + base.substring(base.indexOf('/', start));
    }

    private static String server(TestDatabase database) {
        String base = base(database);
        int start = base.indexOf("//") + 2;
        return base.substring(start, base.indexOf('/', start));
    }

    private static String databaseName(TestDatabase database) {
        String base = base(database);
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** The same server through MySQL Connector/J. */
    private static String mysql(String mariaDbUrl, String parameters) {
        return mariaDbUrl.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:") + "?sslMode=DISABLED"
                + "&allowPublicKeyRetrieval=true" + (parameters.isEmpty() ? "" : "&" + parameters);
    }

    static Stream<Arguments> failures() {
        List<Arguments> cases = new ArrayList<>();
        TestDatabase postgres = TestDatabase.POSTGRESQL;
        cases.add(Arguments.of(
                "PostgreSQL: refused user",
                base(postgres) + "?user=chunkwise_nobody&password=" + PASSWORD,
                1,
                List.of("refused user 'chunkwise_nobody'", "the server at " + server(postgres))));
        cases.add(Arguments.of(
                "PostgreSQL: unknown database",
                withDatabase(postgres, "chunkwise_no_such_db") + "?user=postgres&password=" + PASSWORD,
                1,
                List.of("has no database 'chunkwise_no_such_db'", server(postgres))));
        cases.add(Arguments.of(
                "PostgreSQL: closed port",
                atClosedPort(postgres) + "?user=postgres&password=" + PASSWORD,
                1,
                List.of("cannot connect to 127.0.0.1:1", "is the server running")));
        cases.add(Arguments.of(
                "PostgreSQL: unknown host",
                "jdbc:postgresql://chunkwise-no-such-host.invalid/test?user=postgres&password=" + PASSWORD,
                1,
                List.of("cannot connect to chunkwise-no-such-host.invalid:5432", "unknown host")));

        TestDatabase mariaDb = TestDatabase.MARIADB;
        for (boolean mysqlDriver : List.of(false, true)) {
            String driver = mysqlDriver ? "MySQL Connector/J" : "MariaDB Connector/J";
            String credentials = "user=" + MARIADB_USER + "&password=" + PASSWORD;
            String wrongPassword = mysqlDriver ? mysql(base(mariaDb), credentials) : base(mariaDb) + "?" + credentials;
            String noDatabase = withDatabase(mariaDb, "chunkwise_no_such_db");
            String closedPort = atClosedPort(mariaDb);
            String root = "user=root&password=";
            cases.add(Arguments.of(
                    driver + ": wrong password",
                    wrongPassword,
                    1,
                    List.of("refused user '" + MARIADB_USER + "'", "the server at " + server(mariaDb))));
            String rightPassword = "user=" + MARIADB_USER + "&password=the-right-one";
            String noGrant = withDatabase(mariaDb, "mysql");
            cases.add(Arguments.of(
                    driver + ": a database the user may not use",
                    mysqlDriver ? mysql(noGrant, rightPassword) : noGrant + "?" + rightPassword,
                    1,
                    List.of("refused user '" + MARIADB_USER + "' access to database 'mysql'")));
            cases.add(Arguments.of(
                    driver + ": unknown database",
                    mysqlDriver ? mysql(noDatabase, root) : noDatabase + "?" + root,
                    1,
                    List.of("has no database 'chunkwise_no_such_db'", server(mariaDb))));
            cases.add(Arguments.of(
                    driver + ": closed port",
                    mysqlDriver ? mysql(closedPort, root) : closedPort + "?" + root,
                    1,
                    List.of("cannot connect to 127.0.0.1:1", "is the server running")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aConnectionThatFailsSaysWhatFailedInOneLine(String what, String url, int exitCode, List<String> names)
            throws IOException, InterruptedException {
        Process run = run("export", "--url", url, "--table", "orders");
        assertOneLine(run, exitCode, names);
    }

    /**
     * A server that accepts the connection and never answers (the kernel completes the TCP
     * handshake for the listening socket) fails within chunkwise's 10 s connect timeout on all
     * three network drivers, rather than waiting for good (MySQL Connector/J does by itself).
     */
    @Test
    void aServerThatNeverAnswersFailsWithinTheConnectTimeout() throws IOException, InterruptedException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();
            List<Process> runs = new ArrayList<>();
            for (String url : List.of(
                    "jdbc:postgresql://" + address + "/db?user=postgres",
                    "jdbc:mariadb://" + address + "/db?user=root",
                    "jdbc:mysql://" + address + "/db?user=root&sslMode=DISABLED")) {
                runs.add(run("export", "--url", url, "--table", "t"));
            }
            for (Process run : runs) {
                assertOneLine(run, 1, List.of("cannot connect to " + address, "no answer within the connect timeout"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void h2RefusesAWrongPasswordNamingTheUser() throws IOException, InterruptedException {
        Process run =
                run("export", "--url", h2File("guarded"), "--user", "guard", "--password-env", "PW", "--table", "t");
        assertOneLine(
                run,
                1,
                List.of("refused user 'guard'", directory.resolve("guarded").toString()));
    }

    @Test
    void anH2DatabaseThatDoesNotExistIsNotCreated() throws IOException, InterruptedException {
        Path missing = directory.resolve("missing");
        Process run = run("export", "--url", "jdbc:h2:file:" + missing, "--table", "t");
        assertOneLine(run, 1, List.of("no H2 database at " + missing));
        assertThat(directory.resolve("missing.mv.db")).doesNotExist();
    }

    @Test
    void aSqliteFileThatDoesNotExistIsNotCreated() throws IOException, InterruptedException {
        Path missing = directory.resolve("missing.sqlite");
        for (String command : List.of("export", "plan", "delete")) {
            Process run = command.equals("delete")
                    ? run(command, "--url", "jdbc:sqlite:" + missing, "--table", "t", "--where", "id = 1")
                    : run(command, "--url", "jdbc:sqlite:" + missing, "--table", "t");
            assertOneLine(run, 1, List.of("no SQLite database file at " + missing));
            assertThat(missing).as(command).doesNotExist();
        }
    }

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of(TestDatabase.POSTGRESQL, TestDatabase.POSTGRESQL.url(), "in schema public"),
                Arguments.of(
                        TestDatabase.MARIADB,
                        TestDatabase.MARIADB.url(),
                        "in database " + databaseName(TestDatabase.MARIADB)),
                Arguments.of(
                        TestDatabase.MARIADB,
                        mysql(base(TestDatabase.MARIADB), "user=root&password="),
                        "in database " + databaseName(TestDatabase.MARIADB)),
                Arguments.of(TestDatabase.SQLITE, TestDatabase.SQLITE.url(), "unknown table or view"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("databases")
    void anUnknownTableIsBadInputNamingTheTableTheSchemaAndCloseNames(TestDatabase database, String url, String where)
            throws IOException, InterruptedException {
        database.drop("cli_conn_orders");
        database.execute("CREATE TABLE cli_conn_orders (id INT PRIMARY KEY)");
        Process run = run("export", "--url", url, "--table", "cli_conn_order");
        assertOneLine(run, 2, List.of("--table", "'cli_conn_order'", where, "did you mean cli_conn_orders"));
    }

    @Test
    void anUnknownH2TableIsBadInputNamingTheSchema() throws IOException, InterruptedException {
        Process run = run(
                "export",
                "--url",
                h2File("guarded"),
                "--user",
                "guard",
                "--password-env",
                "RIGHT_PW",
                "--table",
                "nope");
        assertOneLine(run, 2, List.of("--table", "'nope'", "in schema PUBLIC"));
    }

    private static void assertOneLine(Process run, int exitCode, List<String> names)
            throws IOException, InterruptedException {
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(err).isEqualTo(exitCode);
        assertThat(out).isEmpty();
        List<String> lines = err.lines().toList();
        assertThat(lines).as(err).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("chunkwise: ")
                .doesNotContain(PASSWORD)
                .doesNotContain("the-right-one")
                .doesNotContain("Exception")
                .doesNotContain("WARN")
                .doesNotContain("cannot read the catalog");
        for (String name : names) {
            assertThat(lines.get(0)).contains(name);
        }
    }

    /** Runs the command as {@code java -jar chunkwise.jar} would, in a process of its own, in the test's directory. */
    private static Process run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Chunkwise.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("PW", PASSWORD);
        builder.environment().put("RIGHT_PW", "the-right-one");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(Files.isDirectory(directory)).isTrue();
        return process;
    }
}
