package dev.chunkwise.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords from text that is about to be printed: {@code password=...} parameters of
 * JDBC URLs (any spelling: {@code password}, {@code PASSWORD}, {@code sslpassword}),
 * {@code user:password@host} authorities, and the literal password the command was given.
 */
final class Redaction {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*[=:]\\s*)([^&;,\\s)\\]]*)");
    private static final Pattern AUTHORITY_PASSWORD = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)@");
    private static final String HIDDEN = "***";

    private Redaction() {}

    private static final Pattern URL_AUTHORITY_PASSWORD = Pattern.compile("//[^/@\\s]*?:([^@/\\s]+)@");

    /**
     * {@code text} with every password replaced by {@code ***}, also the passwords written in
     * {@code url} wherever they appear: drivers quote pieces of a URL they cannot parse (for
     * example "Incorrect port value : secret@host"), which the patterns alone do not recognise.
     */
    static String redact(String text, String password, String url) {
        String redacted = text == null ? "" : text;
        if (url != null) {
            java.util.List<String> secrets = new java.util.ArrayList<>();
            Matcher parameter = PASSWORD_PARAMETER.matcher(url);
            while (parameter.find()) {
                secrets.add(parameter.group(2));
            }
            Matcher authority = URL_AUTHORITY_PASSWORD.matcher(url);
            while (authority.find()) {
                secrets.add(authority.group(1));
            }
            for (String secret : secrets) {
                if (!secret.isEmpty()) {
                    redacted = redacted.replace(secret, HIDDEN);
                }
            }
        }
        return redact(redacted, password);
    }

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
