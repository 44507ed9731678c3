package dev.chunkwise.cli;

/**
 * The database could not be reached or refused the connection: its server or file is not there,
 * the user was refused, or the database does not exist. The message says which, naming the
 * server, the user or the database (never the password). The command exits with
 * {@link ExitCode#FAILED}.
 */
final class ConnectionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What failed, for callers that act on it (the message says it to the user). */
    enum Kind {
        /** The server refused the user: a wrong password, or no such user. */
        AUTHENTICATION,
        /** No server answered at the host and port, or the host name is unknown. */
        UNREACHABLE,
        /** The server has no such database, or no database file is at the path. */
        UNKNOWN_DATABASE,
        /** Anything else the driver reported while connecting. */
        OTHER
    }

    private final Kind kind;

    ConnectionFailedException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
