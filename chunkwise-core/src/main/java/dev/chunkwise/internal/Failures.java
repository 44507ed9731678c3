package dev.chunkwise.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a transient failure, which a retry on a fresh connection may overcome, from a
 * permanent one. Looks at the whole chain of causes and next exceptions.
 */
public final class Failures {

    /** PostgreSQL: serialization failure, deadlock, admin shutdown/crash, cannot connect now, too many connections, lock not available. */
    private static final Set<String> TRANSIENT_STATES =
            Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300", "55P03", "70100", "HYT00", "HYT01");

    /** MySQL/MariaDB: lock wait timeout, deadlock, server gone away, lost connection, connection killed, query interrupted. */
    private static final Set<Integer> TRANSIENT_MYSQL_CODES = Set.of(1205, 1213, 2006, 2013, 1927, 1317, 1040, 1053);

    private Failures() {}

    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable current = failure; current != null && depth < 20; depth++) {
            if (current instanceof SQLTransientException || current instanceof SQLRecoverableException) {
                return true;
            }
            if (current instanceof SQLException) {
                SQLException sql = (SQLException) current;
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (TRANSIENT_MYSQL_CODES.contains(sql.getErrorCode())
                        && state != null
                        && (state.startsWith("HY")
                                || state.startsWith("40")
                                || state.startsWith("08")
                                || state.startsWith("70"))) {
                    return true;
                }
                if (sql.getNextException() != null
                        && sql.getNextException() != current.getCause()
                        && isTransient(sql.getNextException())) {
                    return true;
                }
            }
            if (current instanceof java.io.IOException) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    /**
     * Whether the database refused a statement because of what the caller wrote (syntax, an
     * unknown name, a bad value or parameter) rather than because it failed: SQL states of class
     * 42, 22, 07 and 37, and, where the driver reports bad SQL vaguely (SQLite), no state or HY000.
     */
    public static boolean isBadInput(Dialect dialect, SQLException failure) {
        String state = failure.getSQLState();
        if (state == null) {
            return dialect.vagueErrorStates();
        }
        return state.startsWith("42")
                || state.startsWith("22")
                || state.startsWith("07")
                || state.startsWith("37")
                || state.equals("HY000") && dialect.vagueErrorStates();
    }

    /**
     * A short description of a failure for statistics: the SQL state, vendor code and message of
     * the first {@link SQLException} in its chain of causes (JPA providers wrap it), else its class
     * and message.
     */
    public static String describe(Throwable failure) {
        int depth = 0;
        for (Throwable current = failure; current != null && depth < 20; depth++) {
            if (current instanceof SQLException) {
                SQLException sql = (SQLException) current;
                return "SQLState " + sql.getSQLState() + ", code " + sql.getErrorCode() + ": "
                        + firstLine(sql.getMessage());
            }
            current = current.getCause();
        }
        return failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
