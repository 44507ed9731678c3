package dev.chunkwise.cli;

import dev.chunkwise.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Where a command's connections come from: a JDBC URL, the user, and the password read from the
 * environment. Connections are opened through {@link DriverManager} (the jar ships the PostgreSQL,
 * MariaDB, MySQL, H2 and SQLite drivers); on PostgreSQL they carry the application name
 * {@code chunkwise} unless the URL names another.
 *
 * <p>Immutable. The password is kept only to open connections and to redact it from messages.
 */
final class Database {

    private final String url;
    private final Properties properties;
    private final String password;

    Database(String url, String user, String password) {
        this.url = url;
        this.password = password;
        this.properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (isPostgreSql()) {
            properties.setProperty("ApplicationName", "chunkwise");
        }
    }

    /** Opens a connection that the caller closes. */
    Connection open() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /** The source scans take their connections from. */
    ConnectionSource source() {
        return this::open;
    }

    String password() {
        return password;
    }

    /** The URL as given (it may hold a password: never print it, see {@link #displayUrl()}). */
    String url() {
        return url;
    }

    /** The URL with any password in it hidden, for messages. */
    String displayUrl() {
        return Redaction.redact(url, password);
    }

    boolean isPostgreSql() {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /** Fails with bad input when no driver in the jar accepts the URL. */
    void checkDriver() {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriver) {
            throw new BadInputException("no JDBC driver accepts the URL " + displayUrl()
                    + "; chunkwise ships the PostgreSQL, MariaDB, MySQL, H2 and SQLite drivers.");
        }
    }
}
