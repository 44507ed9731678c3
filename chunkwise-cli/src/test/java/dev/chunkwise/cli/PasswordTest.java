package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No command ever prints a password: not from {@code --password-env}, not from a JDBC URL's
 * {@code password=} parameter or {@code user:password@} authority, not inside a driver's
 * exception, not in a {@code --verbose} stack trace, whether the connection fails or a later step
 * does.
 */
class PasswordTest {

    private static final String SECRET = "secret123";

    private static String host(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL ? "127.0.0.1:5432" : "127.0.0.1:3306";
    }

    private static String scheme(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://";
    }

    private static String realUser(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL ? "postgres" : "root";
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void noCommandPrintsThePasswordInAnyForm(TestDatabase database) {
        database.drop("hx_cli_pw");
        database.execute("CREATE TABLE hx_cli_pw (k INT PRIMARY KEY, v INT)", "INSERT INTO hx_cli_pw VALUES (1, 1)");
        Map<String, String> environment = Map.of("HX_PASSWORD", SECRET);
        List<List<String>> connections = new ArrayList<>();
        for (String user : List.of("hx_nobody", realUser(database))) {
            connections.add(
                    List.of("--url", scheme(database) + host(database) + "/test?user=" + user + "&password=" + SECRET));
            connections.add(List.of(
                    "--url",
                    scheme(database) + host(database) + "/test?password=" + SECRET + "&user=" + user
                            + "&connectTimeout=5"));
            connections.add(List.of("--url", scheme(database) + user + ":" + SECRET + "@" + host(database) + "/test"));
            connections.add(List.of(
                    "--url",
                    scheme(database) + host(database) + "/test",
                    "--user",
                    user,
                    "--password-env",
                    "HX_PASSWORD"));
            connections.add(List.of(
                    "--url",
                    scheme(database) + host(database) + "/test?user=" + user + "&PASSWORD=" + SECRET + ";sslpassword="
                            + SECRET,
                    "--password-env",
                    "HX_PASSWORD"));
        }
        List<List<String>> commands = List.of(
                List.of("export", "--table", "hx_cli_pw"),
                List.of("export", "--table", "hx_cli_nope"),
                List.of("export", "--table", "hx_cli_pw", "--where", "no_such_column = 1"),
                List.of("plan", "--table", "hx_cli_pw"),
                List.of("update", "--table", "hx_cli_pw", "--set", "v = v", "--no-progress"),
                List.of("update", "--table", "hx_cli_pw", "--set", "nope = 1"),
                List.of("delete", "--table", "hx_cli_pw", "--where", "k < 0", "--no-progress"));
        int runs = 0;
        for (List<String> connection : connections) {
            for (List<String> command : commands) {
                for (boolean verbose : new boolean[] {false, true}) {
                    List<String> args = new ArrayList<>(command);
                    args.addAll(connection);
                    if (verbose) {
                        args.add("--verbose");
                    }
                    Cli.Run run = Cli.run(Interruption.NEVER, environment, args.toArray(String[]::new));
                    assertThat(run.out()).as("stdout of %s", args).doesNotContain(SECRET);
                    assertThat(run.err()).as("stderr of %s", args).doesNotContain(SECRET);
                    runs++;
                }
            }
        }
        assertThat(runs).isEqualTo(connections.size() * commands.size() * 2);
        assertThat(database.query("SELECT k, v FROM hx_cli_pw").toString()).isEqualTo("[[1, 1]]");
    }
}
