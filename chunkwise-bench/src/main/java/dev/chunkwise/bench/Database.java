package dev.chunkwise.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The databases the benchmark runs on, with the JDBC URL each uses by default. PostgreSQL and
 * MariaDB are servers at their usual local addresses; H2 and SQLite are files under the data
 * directory, so that the table survives between runs and is reused. H2 runs embedded, inside the
 * measured JVM's heap, so its page cache is limited to 8 MB to leave room under a small -Xmx.
 */
public enum Database {
    POSTGRESQL,
    MARIADB,
    H2,
    SQLITE;

    /** The name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The default JDBC URL; {@code dataDirectory} holds the files of embedded databases. */
    public String defaultUrl(Path dataDirectory) {
        switch (this) {
            case POSTGRESQL:
                return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-bench";
            case MARIADB:
                return "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=";
            case H2:
                return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("bench-h2") + ";CACHE_SIZE=8192";
            case SQLITE:
                return "jdbc:sqlite:" + dataDirectory.toAbsolutePath().resolve("bench.sqlite");
            default:
                throw new AssertionError(this);
        }
    }

    /** The database named on the command line ({@code postgresql}, {@code mariadb}, {@code h2}, {@code sqlite}). */
    public static Database parse(String text) {
        for (Database database : values()) {
            if (database.label().equalsIgnoreCase(text.trim())) {
                return database;
            }
        }
        throw new IllegalArgumentException("unknown database '" + text + "': use postgresql, mariadb, h2 or sqlite");
    }
}
