package dev.chunkwise.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The connection options every command takes. */
final class ConnectionOptions {

    /** The demo's database file, {@link #DEMO_URL}. */
    static final String DEMO_FILE = "chunkwise-demo.db";

    /**
     * The demo's embedded SQLite database, used when no {@code --url} is given: SQLite keeps its
     * pages outside the Java heap, so the heap the demo needs does not grow with {@code --rows}
     * (see {@link DemoCommand}).
     */
    static final String DEMO_URL = "jdbc:sqlite:./" + DEMO_FILE;

    static final String DEFAULT_PASSWORD_VARIABLE = "CHUNKWISE_PASSWORD";

    @Option(
            names = "--url",
            paramLabel = "JDBC_URL",
            description = "JDBC URL of the database (default: the demo's SQLite database ./chunkwise-demo.db).")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "Database user.")
    String user;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).",
            defaultValue = DEFAULT_PASSWORD_VARIABLE)
    String passwordVariable;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    /**
     * The database these options name.
     *
     * @param creatingDemo whether the caller creates the demo database (otherwise a missing demo
     *     database is bad input rather than an empty new one)
     */
    Database database(Console console, boolean creatingDemo) {
        String password = console.environment().get(passwordVariable);
        if (password == null && !DEFAULT_PASSWORD_VARIABLE.equals(passwordVariable)) {
            throw new BadInputException(
                    "the environment variable " + passwordVariable + " named by --password-env is not set.");
        }
        Database database;
        if (url == null) {
            if (!creatingDemo && !Files.exists(Path.of(DEMO_FILE))) {
                throw new BadInputException("no --url was given and the demo database ./" + DEMO_FILE + " does not "
                        + "exist yet; run 'chunkwise demo' first, or give --url.");
            }
            database = new Database(DEMO_URL, user, password, creatingDemo);
        } else {
            database = new Database(url, user, password, creatingDemo);
        }
        database.checkDriver();
        database.checkValueProperties();
        database.checkConnects();
        return database;
    }

    /** The password these options read, or null, for redacting messages. */
    String password(Console console) {
        return passwordVariable == null ? null : console.environment().get(passwordVariable);
    }
}
