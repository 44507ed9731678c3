package dev.chunkwise.cli;

/**
 * A mistake in what the user asked for (an option, a path, a resume file), found before any row
 * is read or written. The command exits with {@link ExitCode#BAD_INPUT}.
 */
final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
