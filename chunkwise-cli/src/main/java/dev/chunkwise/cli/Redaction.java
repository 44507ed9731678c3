package dev.chunkwise.cli;

import java.util.regex.Pattern;

/**
 * Removes passwords from text that is about to be printed: {@code password=...} parameters of
 * JDBC URLs (any spelling: {@code password}, {@code PASSWORD}, {@code sslpassword}),
 * {@code user:password@host} authorities, and the literal password the command was given.
 */
final class Redaction {

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password\\s*[=:]\\s*)([^&;,\\s)\\]]*)");
    private static final Pattern AUTHORITY_PASSWORD = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)@");
    private static final String HIDDEN = "***";

    private Redaction() {}

    /** {@code text} with every password replaced by {@code ***}. */
    static String redact(String text, String password) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        if (password != null && !password.isEmpty()) {
            redacted = redacted.replace(password, HIDDEN);
        }
        redacted = PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1" + HIDDEN);
        return AUTHORITY_PASSWORD.matcher(redacted).replaceAll("$1" + HIDDEN + "@");
    }
}
