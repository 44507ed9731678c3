package dev.chunkwise.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JDBC URL points at, read far enough to name it in a message: the server
 * ({@code host:port}, with the driver's default port when the URL gives none) or, for an
 * embedded database, its path; the database; and the user the URL names. Never the password.
 *
 * @param server {@code host:port} (several, comma-separated, as the URL lists them), or null for
 *     an embedded database
 * @param database the database the URL names (for H2 and SQLite, its path), or null
 * @param user the user the URL names ({@code user=} parameter or {@code user@} authority), or null
 */
record JdbcAddress(String server, String database, String user) {

    private static final Pattern USER_PARAMETER = Pattern.compile("(?i)[?&;]user=([^&;]*)");

    /** Reads {@code url}; parts it cannot find are null. */
    static JdbcAddress of(String url, RowReader.Driver driver) {
        String user = parameter(url);
        switch (driver) {
            case POSTGRESQL:
                return network(url, 5432, user);
            case MARIADB:
            case MYSQL:
                return network(url, 3306, user);
            case H2:
                return h2(url, user);
            case SQLITE:
                return new JdbcAddress(null, sqlitePath(url), null);
            default:
                return new JdbcAddress(null, null, user);
        }
    }

    /** Whether the database is an in-memory one (H2 {@code mem:}, SQLite {@code :memory:} or no path). */
    static boolean inMemory(String url, RowReader.Driver driver) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (driver == RowReader.Driver.H2) {
            return lower.startsWith("jdbc:h2:mem:");
        }
        if (driver == RowReader.Driver.SQLITE) {
            String path = sqlitePath(url);
            return path.isEmpty() || path.contains(":memory:") || lower.contains("mode=memory");
        }
        return false;
    }

    /**
     * {@code jdbc:<driver>[:<mode>]://[user[:password]@]host[:port][,host[:port]]/database[?...]}, or
     * {@code jdbc:postgresql:database} for the local server.
     */
    private static JdbcAddress network(String url, int defaultPort, String userParameter) {
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            String rest = url.substring(url.indexOf(':', "jdbc:".length()) + 1);
            return new JdbcAddress("localhost:" + defaultPort, until(rest, "?;"), userParameter);
        }
        String afterSlashes = url.substring(slashes + 2);
        int end = indexOfAny(afterSlashes, "/?");
        String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
        String database =
                end >= 0 && afterSlashes.charAt(end) == '/' ? until(afterSlashes.substring(end + 1), "?;") : null;
        String user = userParameter;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String credentials = authority.substring(0, at);
            int colon = credentials.indexOf(':');
            if (user == null) {
                user = colon < 0 ? credentials : credentials.substring(0, colon);
            }
            authority = authority.substring(at + 1);
        }
        StringBuilder servers = new StringBuilder();
        for (String host : authority.split(",")) {
            if (servers.length() > 0) {
                servers.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            servers.append(host.isEmpty() ? "localhost" : host);
            if (!hasPort) {
                servers.append(':').append(defaultPort);
            }
        }
        return new JdbcAddress(servers.toString(), database == null || database.isEmpty() ? null : database, user);
    }

    /** {@code jdbc:h2:tcp://host[:port]/path}, or an embedded {@code jdbc:h2:[file:]path}; settings after {@code ;}. */
    private static JdbcAddress h2(String url, String user) {
        String rest = until(url.substring("jdbc:h2:".length()), ";");
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
            String address = rest.substring("tcp://".length());
            int slash = address.indexOf('/');
            String host = slash < 0 ? address : address.substring(0, slash);
            return new JdbcAddress(
                    host.contains(":") ? host : host + ":9092", slash < 0 ? null : address.substring(slash + 1), user);
        }
        return new JdbcAddress(null, lower.startsWith("file:") ? rest.substring("file:".length()) : rest, user);
    }

    /** The path of a {@code jdbc:sqlite:[file:]path[?parameters]} URL. */
    static String sqlitePath(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        return until(rest, "?");
    }

    private static String parameter(String url) {
        Matcher matcher = USER_PARAMETER.matcher(url);
        return matcher.find() && !matcher.group(1).isEmpty() ? matcher.group(1) : null;
    }

    private static String until(String text, String stops) {
        int end = indexOfAny(text, stops);
        return end < 0 ? text : text.substring(0, end);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
