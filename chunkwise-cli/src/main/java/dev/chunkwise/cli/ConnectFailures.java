package dev.chunkwise.cli;

import dev.chunkwise.cli.ConnectionFailedException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;

/**
 * Tells why a connection could not be opened, from what each driver throws (tried against the
 * real servers), and says it in one sentence that names what failed:
 *
 * <ul>
 *   <li>refused user: SQLState 28000 (pgjdbc: no such role; MariaDB and MySQL Connector/J: error
 *       1045; H2: wrong user name or password) or 28P01 (pgjdbc: wrong password), pgjdbc's 08004
 *       (the server wants a password and none was given); a user refused
 *       the database: MariaDB and MySQL error 1044, PostgreSQL 42501 (no CONNECT privilege);
 *   <li>no server there: a {@link ConnectException}, {@link UnknownHostException},
 *       {@link NoRouteToHostException} or timeout among the causes (pgjdbc 08001, MariaDB 08000,
 *       MySQL's "Communications link failure" 08S01, H2's 90067), or any other SQLState of class 08;
 *   <li>no such database: pgjdbc 3D000, MariaDB and MySQL error 1049, H2 90146 and 90013 (an
 *       embedded database that does not exist, as chunkwise opens it with {@code IFEXISTS=TRUE}) and
 *       90149 (a server that does not create databases), SQLite error 14 (SQLITE_CANTOPEN) for a
 *       file that does not exist (chunkwise opens it without SQLite's create flag).
 * </ul>
 */
final class ConnectFailures {

    private ConnectFailures() {}

    /**
     * The failure to open a connection to {@code database}, classified and worded.
     *
     * @param timedOut whether the attempt lasted the connect timeout (pgjdbc's login timeout says so
     *     with no cause to tell it by)
     */
    static ConnectionFailedException of(SQLException failure, Database database, boolean timedOut) {
        JdbcAddress address = database.address();
        String reason = serverReason(failure);
        Throwable network = networkCause(failure);
        String server = address.server();
        String state = String.valueOf(failure.getSQLState());
        int code = failure.getErrorCode();
        RowReader.Driver driver = database.driver();
        // pgjdbc's 08004: the server asked for a password and none was given, wants an authentication
        // method pgjdbc lacks, or does not support the SSL the URL asks for
        boolean noPassword = state.equals("08004") && driver == RowReader.Driver.POSTGRESQL;
        if (network != null || isConnectionState(failure) && !noPassword) {
            String where = server != null ? server : String.valueOf(address.database());
            if (network instanceof UnknownHostException) {
                return new ConnectionFailedException(
                        Kind.UNREACHABLE,
                        "cannot connect to " + where + ": unknown host '" + network.getMessage()
                                + "'; is the host name right?",
                        failure);
            }
            if (timedOut || network instanceof SocketTimeoutException || failure instanceof SQLTimeoutException) {
                return new ConnectionFailedException(
                        Kind.UNREACHABLE,
                        "cannot connect to " + where + ": no answer within the connect timeout ("
                                + database.connectTimeoutText() + "); is the server running, and is that its"
                                + " address?",
                        failure);
            }
            String detail = network instanceof ConnectException ? "the connection was refused" : reason;
            return new ConnectionFailedException(
                    Kind.UNREACHABLE,
                    "cannot connect to " + where + " (" + detail + "); is the server running, at that host and"
                            + " port?",
                    failure);
        }
        String at = server != null
                ? "the server at " + server
                : "the " + product(driver) + " database " + address.database();
        boolean refused = state.equals("28000") || state.equals("28P01") || code == 1045 && isMySqlFamily(driver);
        if (refused || noPassword) {
            String user = database.user() != null ? database.user() : address.user();
            return new ConnectionFailedException(
                    Kind.AUTHENTICATION,
                    at + " refused "
                            + (refused
                                    ? (user == null ? "the connection (no --user given)" : "user '" + user + "'")
                                            + " (a wrong password, or no such user)"
                                    : "the connection"
                                            + (user == null ? " (no --user given)" : " of user '" + user + "'"))
                            + ": " + reason,
                    failure);
        }
        if (code == 1044 && isMySqlFamily(driver) || state.equals("42501") && driver == RowReader.Driver.POSTGRESQL) {
            String user = database.user() != null ? database.user() : address.user();
            return new ConnectionFailedException(
                    Kind.AUTHENTICATION,
                    at + " refused " + (user == null ? "the user" : "user '" + user + "'") + " access to database '"
                            + address.database() + "': " + reason,
                    failure);
        }
        if (state.equals("3D000") && driver == RowReader.Driver.POSTGRESQL
                || code == 1049 && isMySqlFamily(driver)
                || driver == RowReader.Driver.H2 && (code == 90146 || code == 90013 || code == 90149)) {
            return new ConnectionFailedException(
                    Kind.UNKNOWN_DATABASE,
                    server != null
                            ? at + " has no database '" + address.database() + "'"
                            : "no H2 database at " + address.database()
                                    + "; chunkwise does not create one (is the path right?)",
                    failure);
        }
        if (driver == RowReader.Driver.SQLITE && code == 14) {
            Path path = Path.of(address.database());
            if (!Files.exists(path)) {
                return new ConnectionFailedException(
                        Kind.UNKNOWN_DATABASE,
                        "no SQLite database file at " + address.database()
                                + "; chunkwise does not create one (is the path right?)",
                        failure);
            }
        }
        return new ConnectionFailedException(
                Kind.OTHER, "cannot connect to " + database.displayUrl() + ": " + reason, failure);
    }

    private static boolean isMySqlFamily(RowReader.Driver driver) {
        return driver == RowReader.Driver.MARIADB || driver == RowReader.Driver.MYSQL;
    }

    private static String product(RowReader.Driver driver) {
        return driver == RowReader.Driver.H2 ? "H2" : driver == RowReader.Driver.SQLITE ? "SQLite" : "";
    }

    /** SQLState class 08 (connection exception), or H2's "connection is broken". */
    private static boolean isConnectionState(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && state.startsWith("08") || failure.getErrorCode() == 90067;
    }

    /** The first cause that says the network did not lead to a server. */
    private static Throwable networkCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof SocketTimeoutException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * The driver's message without its decorations: MariaDB's {@code (conn=12)} prefix, pgjdbc's
     * {@code FATAL:}, H2's {@code [28000-232]} suffix, SQLite's {@code [SQLITE_CANTOPEN]} code,
     * MySQL's explanation of a communications failure after the first line; MariaDB's and MySQL's
     * {@code (using password: YES)} as {@code (with a password)}.
     */
    static String serverReason(SQLException failure) {
        String message = String.valueOf(failure.getMessage()).strip();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline).strip();
        }
        message = message.replaceFirst("^\\(conn=\\d+\\)\\s*", "")
                .replaceFirst("^(FATAL|ERROR):\\s*", "")
                .replaceFirst("\\s*\\[\\d+-\\d+]$", "")
                .replaceFirst("^\\[SQLITE_[A-Z_]+]\\s*", "")
                .replaceFirst("\\.$", "")
                // MariaDB's and MySQL's words, which would otherwise read as a password to hide
                .replace("(using password: YES)", "(with a password)")
                .replace("(using password: NO)", "(without a password)");
        return message.isEmpty() ? failure.getClass().getSimpleName() : lowerFirst(message);
    }

    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))) {
            return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        }
        return text;
    }
}
