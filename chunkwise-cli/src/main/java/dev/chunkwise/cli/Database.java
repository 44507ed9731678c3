package dev.chunkwise.cli;

import dev.chunkwise.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

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
    private final String user;
    private final String password;

    /** The connect timeout chunkwise sets when the URL sets none, so that an unreachable host fails soon. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Connection properties that change how a driver reads values, chosen so that every value is
     * read as what it is: MariaDB's and MySQL's {@code tinyint(1)} as the number it holds (not a
     * boolean), {@code YEAR} as a year (not a date), MariaDB's FLOAT through the binary protocol
     * (the text protocol rounds it to 6 digits), and PostgreSQL's values as the server's text
     * (pgjdbc's binary transfer, which it switches to after five executions of a statement, loses
     * {@code timetz} offsets and array bounds in {@code getString}; geometric types need to be named
     * to stay text).
     */
    private static final Map<RowReader.Driver, Map<String, String>> VALUE_PROPERTIES = Map.of(
            RowReader.Driver.POSTGRESQL, Map.of("binaryTransfer", "false", "binaryTransferDisable", "POINT,BOX"),
            RowReader.Driver.MARIADB,
                    Map.of("tinyInt1isBit", "false", "yearIsDateType", "false", "useServerPrepStmts", "true"),
            RowReader.Driver.MYSQL, Map.of("tinyInt1isBit", "false", "yearIsDateType", "false"));

    /**
     * @param mayCreate whether connecting may create the database (the demo does); otherwise an
     *     embedded H2 database or a SQLite file that does not exist is refused, not created empty
     */
    Database(String url, String user, String password, boolean mayCreate) {
        this.url = url;
        this.user = user;
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
        VALUE_PROPERTIES.getOrDefault(driver(), Map.of()).forEach(properties::setProperty);
        connectionProperties(mayCreate).forEach((name, value) -> {
            if (!urlSets(name)) {
                properties.setProperty(name, value);
            }
        });
    }

    /**
     * Properties that bound the wait for an unreachable server ({@value #CONNECT_TIMEOUT_SECONDS} s,
     * where the drivers' defaults are 30 s for MariaDB Connector/J and the operating system's TCP
     * timeout for MySQL Connector/J), keep MySQL Connector/J from logging to standard error, keep
     * H2 and SQLite from creating a database that does not exist, and bound the heap an embedded H2
     * database takes: its page cache sized from the heap ({@link #h2CacheKilobytes}) and
     * {@code WRITE_DELAY=0} ({@link #H2_WRITE_DELAY}). Each only when the URL does not set it.
     */
    private Map<String, String> connectionProperties(boolean mayCreate) {
        String milliseconds = String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000);
        switch (driver()) {
            case POSTGRESQL:
                return Map.of(
                        "connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS),
                        "loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            case MARIADB:
                return Map.of("connectTimeout", milliseconds);
            case MYSQL:
                return Map.of("connectTimeout", milliseconds, "logger", "com.mysql.cj.log.NullLogger");
            case H2:
                if (JdbcAddress.inMemory(url, driver())) {
                    return Map.of();
                }
                // an embedded database's page cache lives in this heap: H2 sizes it from the machine's memory
                String cache =
                        String.valueOf(h2CacheKilobytes(Runtime.getRuntime().maxMemory()));
                return mayCreate
                        ? Map.of("CACHE_SIZE", cache, "WRITE_DELAY", H2_WRITE_DELAY)
                        : Map.of("IFEXISTS", "TRUE", "CACHE_SIZE", cache, "WRITE_DELAY", H2_WRITE_DELAY);
            case SQLITE:
                // SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE
                return mayCreate || JdbcAddress.inMemory(url, driver()) ? Map.of() : Map.of("open_mode", "2");
            default:
                return Map.of();
        }
    }

    /**
     * The write delay an embedded H2 database gets when its URL sets none: 0, each commit writes
     * its changes to the file before it returns. With H2's default (500 ms) a background thread
     * writes them, and while it does the committing threads go on changing pages, held in the heap
     * until written, and several chunks of the file can be in flight at once (H2's
     * {@code H2-serialization} thread): filling the demo table in a 24 MB heap ran out of memory at
     * 2.5 to 4 million rows, in that thread, and with 0 it filled 10 million (BENCHMARKS.md).
     */
    static final String H2_WRITE_DELAY = "0";

    /**
     * The page cache an embedded H2 database gets when its URL sets none: a sixteenth of the heap
     * (H2's own default is a share of the machine's memory, which overflowed a 24 MB heap), at
     * least 1 MB.
     */
    static long h2CacheKilobytes(long maxHeapBytes) {
        return Math.max(1024, maxHeapBytes / 16 / 1024);
    }

    /** Whether the URL sets the property {@code name} (as {@code ?name=}, {@code &name=} or H2's {@code ;name=}). */
    private boolean urlSets(String name) {
        return Pattern.compile("[?&;]\\s*" + Pattern.quote(name) + "\\s*=", Pattern.CASE_INSENSITIVE)
                .matcher(url)
                .find();
    }

    /** The connect timeout in force, for messages. */
    String connectTimeoutText() {
        return urlSets("connectTimeout") ? "as the URL sets it" : CONNECT_TIMEOUT_SECONDS + " s";
    }

    /** What the URL points at, for messages. */
    JdbcAddress address() {
        return JdbcAddress.of(url, driver());
    }

    /** The user given with --user, or null. */
    String user() {
        return user;
    }

    /**
     * Opens and closes one connection, so that a wrong password, a server that is not there or a
     * database that does not exist is reported as such before anything else is done.
     *
     * @throws ConnectionFailedException saying which
     */
    void checkConnects() {
        Properties checking = new Properties();
        checking.putAll(properties);
        if (driver() == RowReader.Driver.MYSQL && !urlSets("socketTimeout")) {
            // MySQL Connector/J's connectTimeout bounds the TCP connect only: a server that accepts and
            // never answers would hold this first connection forever (later ones have no read timeout)
            checking.setProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
        }
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, checking)) {
            connection.getMetaData();
        } catch (SQLException failure) {
            boolean timedOut = !urlSets("connectTimeout")
                    && System.nanoTime() - started >= CONNECT_TIMEOUT_SECONDS * 1_000_000_000L * 9 / 10;
            throw ConnectFailures.of(failure, this, timedOut);
        }
    }

    /** Which driver the URL selects. */
    RowReader.Driver driver() {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return RowReader.Driver.POSTGRESQL;
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return RowReader.Driver.MARIADB;
        }
        if (lower.startsWith("jdbc:mysql:")) {
            return RowReader.Driver.MYSQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return RowReader.Driver.H2;
        }
        return lower.startsWith("jdbc:sqlite:") ? RowReader.Driver.SQLITE : RowReader.Driver.OTHER;
    }

    /**
     * Fails with bad input when the URL sets a property chunkwise chooses itself, to another value
     * (the MariaDB driver lets the URL win over the properties chunkwise passes).
     */
    void checkValueProperties() {
        Map<String, String> chosen = VALUE_PROPERTIES.getOrDefault(driver(), Map.of());
        int query = url.indexOf('?');
        String parameters = query < 0 ? "" : url.substring(query + 1);
        for (String parameter : parameters.split("[&;]")) {
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = parameter.substring(0, equals).trim();
            String value = parameter.substring(equals + 1).trim();
            chosen.forEach((property, wanted) -> {
                if (property.equalsIgnoreCase(name) && !wanted.equalsIgnoreCase(value)) {
                    throw new BadInputException("the --url sets " + name + "=" + value + ", which makes the driver"
                            + " read some values as something else than what they are; chunkwise sets " + property
                            + "=" + wanted + " itself: remove it from the URL.");
                }
            });
        }
    }

    /** Whether the server is MariaDB (whichever driver talks to it); opens one connection. */
    boolean mariaDbServer() {
        try (Connection connection = open()) {
            java.sql.DatabaseMetaData metaData = connection.getMetaData();
            return (metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion())
                    .toLowerCase(Locale.ROOT)
                    .contains("mariadb");
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot read the database's product name: " + failure.getMessage(), failure);
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
