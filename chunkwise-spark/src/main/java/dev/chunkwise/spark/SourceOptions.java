package dev.chunkwise.spark;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.RetryPolicy;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code spark.read.format("chunkwise")}, read and checked once on the driver: a
 * bad value is refused with an {@link IllegalArgumentException} naming the option, before any
 * connection is opened. Shipped to the executors inside the reader factory.
 *
 * <p>Immutable and serializable. The password is kept only to open connections: it is not part of
 * {@link #toString()} nor of any message, and a password written into the URL is hidden there too
 * ({@link #redact(String)}).
 */
final class SourceOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The adaptive chunk size's bounds for {@code chunkTime}, as the command line has them. */
    static final int MIN_ADAPTIVE = 10;

    static final int MAX_ADAPTIVE = 100_000;

    /**
     * The chunks of a read that sets neither {@code chunkSize} nor {@code chunkTime}, on every
     * database: a target of 100 ms per chunk, from 1000 up to 100,000 rows (the core's default for
     * row consumers on MariaDB; on PostgreSQL the core keeps 1000-row chunks, which in a Spark task,
     * where the pipeline works on each row too, measured slower: 0.77 of {@code spark.read.jdbc}'s
     * partitionColumn against 1.21 with this target, BENCHMARKS.md "Spark").
     */
    static final Duration DEFAULT_CHUNK_TIME = Duration.ofMillis(100);

    static final int DEFAULT_MIN_CHUNK = 1000;

    /** The application name a PostgreSQL connection reports ({@code pg_stat_activity.application_name}). */
    static final String APPLICATION_NAME = "chunkwise-spark";

    private static final List<String> KNOWN = List.of(
            "url",
            "user",
            "password",
            "table",
            "where",
            "orderBy",
            "key",
            "partitions",
            "chunkSize",
            "chunkTime",
            "fetchSize",
            "partitionStrategy",
            "retries");

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*[=:]\\s*)([^&;,\\s)\\]]*)");
    private static final Pattern AUTHORITY_PASSWORD = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)@");

    private final String url;
    private final String user;
    private final String password;
    private final String table;
    private final String where;
    private final String orderBy;
    private final List<String> key;
    private final Integer partitions;
    private final Integer chunkSize;
    private final Duration chunkTime;
    private final Integer fetchSize;
    private final PartitionStrategy partitionStrategy;
    private final int retries;

    private SourceOptions(Map<String, String> given) {
        this.url = required(given, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "option 'url' must be a JDBC URL (jdbc:postgresql://..., jdbc:mariadb://...), got " + redact(url));
        }
        this.user = given.get("user");
        this.password = given.get("password");
        this.table = required(given, "table");
        this.where = blankToNull(given, "where");
        this.orderBy = blankToNull(given, "orderBy");
        String keyText = blankToNull(given, "key");
        this.key = keyText == null ? List.of() : List.of(keyText.trim().split("\\s*,\\s*"));
        this.partitions = positive(given, "partitions");
        this.chunkSize = positive(given, "chunkSize");
        this.chunkTime = duration(given, "chunkTime");
        this.fetchSize = positive(given, "fetchSize");
        this.partitionStrategy = strategy(given.get("partitionStrategy"));
        Integer retryCount = number(given, "retries", 0);
        this.retries = retryCount == null ? RetryPolicy.defaults().maxRetries() : retryCount;
    }

    /**
     * Reads Spark's options (case-insensitive names).
     *
     * @throws IllegalArgumentException naming an unknown option, a missing one, or one whose value cannot be used
     */
    static SourceOptions of(Map<String, String> options) {
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> known = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        KNOWN.forEach(name -> known.put(name, name));
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = known.get(option.getKey());
            if (name == null) {
                throw new IllegalArgumentException("unknown option '" + option.getKey() + "' of format(\"chunkwise\"); "
                        + "the options are " + String.join(", ", KNOWN));
            }
            given.put(name, option.getValue());
        }
        return new SourceOptions(given);
    }

    private static String required(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option '" + name + "' is required by format(\"chunkwise\")");
        }
        return value.trim();
    }

    private static String blankToNull(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("option '" + name + "' is blank");
        }
        return value;
    }

    private static Integer positive(Map<String, String> given, String name) {
        return number(given, name, 1);
    }

    private static Integer number(Map<String, String> given, String name, int least) {
        String value = given.get(name);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < least) {
                throw new IllegalArgumentException(
                        "option '" + name + "' must be at least " + least + ", got " + value.trim());
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("option '" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    private static Duration duration(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null) {
            return null;
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (lower.startsWith("pt")) {
                duration = Duration.parse(lower.toUpperCase(Locale.ROOT));
            } else if (lower.endsWith("ms")) {
                duration = Duration.ofMillis(
                        Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
            } else if (lower.endsWith("s")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(
                                lower.substring(0, lower.length() - 1).trim())
                        * 1000));
            } else {
                throw new NumberFormatException(lower);
            }
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException("option '" + name
                    + "' is not a duration: write for example 250ms, 2s or PT0.5S, got '" + value + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("option '" + name + "' must be positive, got '" + value + "'");
        }
        return duration;
    }

    private static PartitionStrategy strategy(String value) {
        if (value == null) {
            return PartitionStrategy.AUTO;
        }
        for (PartitionStrategy strategy : PartitionStrategy.values()) {
            String name = strategy.name().toLowerCase(Locale.ROOT);
            if (name.equals(value.trim().toLowerCase(Locale.ROOT))
                    || name.replace('_', '-').equals(value.trim().toLowerCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(
                "option 'partitionStrategy' must be one of auto, index-walk, sample, statistics, got '" + value + "'");
    }

    /** Opens a connection with the user and password, and on PostgreSQL the application name unless the URL sets one. */
    Connection open() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("ApplicationName", APPLICATION_NAME);
        }
        if (isMariaDb()) {
            // read tinyint(1) and YEAR as the numbers they hold, as the command line does
            properties.setProperty("tinyInt1isBit", "false");
            properties.setProperty("yearIsDateType", "false");
        }
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException failure) {
            // drivers quote pieces of the URL in their messages: keep the password out of them
            SQLException redacted =
                    new SQLException(redact(failure.getMessage()), failure.getSQLState(), failure.getErrorCode());
            redacted.setStackTrace(failure.getStackTrace());
            throw redacted;
        }
    }

    boolean isPostgreSql() {
        return url.startsWith("jdbc:postgresql:");
    }

    boolean isMariaDb() {
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    /** {@code text} with the password, and any password written in the URL, replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        if (password != null && !password.isEmpty()) {
            redacted = redacted.replace(password, "***");
        }
        if (url != null) {
            Matcher parameter = PASSWORD_PARAMETER.matcher(url);
            while (parameter.find()) {
                if (!parameter.group(2).isEmpty()) {
                    redacted = redacted.replace(parameter.group(2), "***");
                }
            }
        }
        redacted = PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1***");
        return AUTHORITY_PASSWORD.matcher(redacted).replaceAll("$1***@");
    }

    /** The URL without its password, for plans and messages. */
    String displayUrl() {
        return redact(url);
    }

    String table() {
        return table;
    }

    String where() {
        return where;
    }

    String orderBy() {
        return orderBy;
    }

    List<String> key() {
        return key;
    }

    /** The partitions asked for, or null for Spark's default parallelism. */
    Integer partitions() {
        return partitions;
    }

    Integer chunkSize() {
        return chunkSize;
    }

    Duration chunkTime() {
        return chunkTime;
    }

    Integer fetchSize() {
        return fetchSize;
    }

    PartitionStrategy partitionStrategy() {
        return partitionStrategy;
    }

    /** The retry policy of every database call: the scans' chunks and the catalog reads around them. */
    RetryPolicy retryPolicy() {
        return RetryPolicy.defaults().withMaxRetries(retries);
    }

    @Override
    public String toString() {
        return "chunkwise[url=" + displayUrl() + ", table=" + table + (where == null ? "" : ", where=" + where)
                + (orderBy == null ? "" : ", orderBy=" + orderBy) + "]";
    }
}
