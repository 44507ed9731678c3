package dev.chunkwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A subcommand that talks to a database: it takes the connection options and a {@link Console}. */
abstract class DatabaseCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    final Console console;

    DatabaseCommand(Console console) {
        this.console = console;
    }

    /** The password given to this command, to hide it from messages; null when none. */
    final String password() {
        return connection == null ? null : connection.password(console);
    }

    /** The JDBC URL given to this command, to hide the passwords it contains from messages; null when none. */
    final String url() {
        return connection == null ? null : connection.url;
    }

    final boolean verbose() {
        return connection != null && connection.verbose;
    }
}
