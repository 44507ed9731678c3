package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core's refusals of a scan reach a command-line user in the words of the command line: the
 * option that is wrong ({@code --key}, {@code --order-by}, {@code --where}, {@code --columns},
 * {@code --table}), never the builder call ({@code key(...)}, {@code orderBy(...)}).
 */
class OptionMessagesTest {

    private static final String TABLE = "cli_opt_msg";
    private static final String NO_KEY = "cli_opt_nokey";

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (TestDatabase database : TestDatabase.values()) {
            String url = database.url();
            cases.add(Arguments.of(database, List.of("export", "--table", TABLE, "--order-by", "nope"), "--order-by"));
            cases.add(Arguments.of(
                    database, List.of("export", "--table", TABLE, "--order-by", "name sideways"), "--order-by"));
            cases.add(Arguments.of(
                    database,
                    List.of("export", "--table", TABLE, "--order-by", "name, name"),
                    "appears twice in --order-by"));
            cases.add(Arguments.of(database, List.of("export", "--table", TABLE, "--key", "nope"), "--key"));
            cases.add(Arguments.of(
                    database, List.of("export", "--table", TABLE, "--key", "id,id"), "appears twice in --key"));
            cases.add(Arguments.of(database, List.of("export", "--table", TABLE, "--columns", "id,nope"), "--columns"));
            cases.add(Arguments.of(
                    database,
                    List.of("export", "--table", TABLE, "--columns", "id,id"),
                    "is selected twice in --columns"));
            cases.add(Arguments.of(database, List.of("export", "--table", TABLE, "--where", "nope > 1"), "--where"));
            cases.add(Arguments.of(database, List.of("export", "--table", TABLE, "--where", "id > 1 -- c"), "--where"));
            cases.add(Arguments.of(database, List.of("export", "--table", "cli_opt_nope"), "--table"));
            cases.add(Arguments.of(database, List.of("export", "--table", NO_KEY), "name a unique key with --key"));
            cases.add(Arguments.of(
                    database, List.of("plan", "--table", NO_KEY, "--order-by", "v"), "name a unique key with --key"));
            cases.add(Arguments.of(
                    database,
                    List.of("delete", "--table", NO_KEY, "--where", "v = 1"),
                    "name a unique key with --key"));
            cases.add(Arguments.of(database, List.of("plan", "--table", TABLE, "--key", "nope"), "--key"));
            cases.add(Arguments.of(
                    database, List.of("update", "--table", TABLE, "--where", "nope = 1", "--set", "v = 1"), "--where"));
        }
        TestDatabase h2 = TestDatabase.H2;
        cases.add(Arguments.of(h2, List.of("export", "--table", TABLE, "--where", " "), "--where is blank"));
        cases.add(Arguments.of(h2, List.of("export", "--table", TABLE, "--order-by", ""), "--order-by is blank"));
        cases.add(Arguments.of(
                h2, List.of("export", "--table", TABLE, "--key", "id,,v"), "--key holds an empty column name"));
        cases.add(Arguments.of(
                h2, List.of("export", "--table", TABLE, "--columns", "id,,v"), "--columns holds an empty column name"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aRefusedScanNamesTheOptionNotTheBuilderCall(TestDatabase database, List<String> args, String expected) {
        database.drop(TABLE);
        database.drop(NO_KEY);
        database.execute(
                "CREATE TABLE " + TABLE + " (id INT NOT NULL PRIMARY KEY, name " + database.text(20) + ", v INT)",
                "CREATE TABLE " + NO_KEY + " (k INT NOT NULL, v INT)");
        List<String> command = new ArrayList<>(args.subList(0, 1));
        command.addAll(List.of("--url", database.url()));
        command.addAll(args.subList(1, args.size()));

        Cli.Run run = Cli.run(command.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("chunkwise: ")
                .contains(expected)
                .doesNotContainPattern("\\b(key|orderBy|where|columns|table|chunkSize)\\((\\.\\.\\.|name)?\\)");
    }
}
