package dev.chunkwise.property;

import dev.chunkwise.testing.TestDatabase;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated table: its primary key shape, whether its text columns compare by binary code
 * points, and its rows. Sort columns may hold duplicates and NULLs; key values are unique under
 * any collation the test databases use (case- and accent-insensitive, PAD SPACE included).
 *
 * <p>Columns: the key columns, then {@code score BIGINT}, {@code label} text, {@code seen_at}
 * timestamp (ISO text on SQLite), {@code grade INTEGER} and {@code code BIGINT UNIQUE}, all
 * nullable. {@code code} is unique but nullable, so it never makes an order total by itself.
 */
record GeneratedTable(KeyShape keyShape, boolean binaryText, List<Row> rows) {

    /** The nullable, non-key columns, in table order. */
    static final List<String> VALUE_COLUMNS = List.of("score", "label", "seen_at", "grade", "code");

    private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /** The shape of the primary key. */
    enum KeyShape {
        /** {@code id BIGINT PRIMARY KEY}, values include Long.MIN_VALUE and Long.MAX_VALUE. */
        SINGLE_BIGINT(List.of("id")),
        /** {@code id VARCHAR PRIMARY KEY}, mixed case, accents, unicode, trailing spaces. */
        SINGLE_TEXT(List.of("id")),
        /** {@code PRIMARY KEY (tenant VARCHAR, seq BIGINT)}. */
        COMPOSITE(List.of("tenant", "seq"));

        private final List<String> columns;

        KeyShape(List<String> columns) {
            this.columns = columns;
        }

        List<String> columns() {
            return columns;
        }
    }

    /**
     * One row.
     *
     * @param key the key values, one per key column ({@code Long} or {@code String})
     */
    record Row(List<Object> key, Long score, String label, LocalDateTime seenAt, Integer grade, Long code) {

        List<Object> values() {
            List<Object> values = new ArrayList<>(key);
            values.add(score);
            values.add(label);
            values.add(seenAt);
            values.add(grade);
            values.add(code);
            return values;
        }
    }

    /** Every column, key columns first, as selected by both the scan and the oracle. */
    List<String> columns() {
        List<String> all = new ArrayList<>(keyShape.columns());
        all.addAll(VALUE_COLUMNS);
        return all;
    }

    /** Drops and re-creates the table on {@code database} and inserts the rows in one batch. */
    void create(TestDatabase database, String name) {
        String text = binaryText ? database.binaryText(24) : database.text(24);
        String key;
        switch (keyShape) {
            case SINGLE_BIGINT:
                key = "id " + database.bigint() + " NOT NULL PRIMARY KEY";
                break;
            case SINGLE_TEXT:
                key = "id " + text + " NOT NULL PRIMARY KEY";
                break;
            default:
                key = "tenant " + text + " NOT NULL, seq " + database.bigint() + " NOT NULL";
                break;
        }
        String columns = key + ", score " + database.bigint() + ", label " + text + ", seen_at " + database.timestamp()
                + ", grade " + database.integer() + ", code " + database.bigint() + " UNIQUE"
                + (keyShape == KeyShape.COMPOSITE ? ", PRIMARY KEY (tenant, seq)" : "");
        database.drop(name);
        database.execute("CREATE TABLE " + name + " (" + columns + ")");
        List<Object[]> values = new ArrayList<>();
        for (Row row : rows) {
            Object[] bound = row.values().toArray();
            for (int i = 0; i < bound.length; i++) {
                if (bound[i] instanceof LocalDateTime && database == TestDatabase.SQLITE) {
                    bound[i] = SQLITE_TIMESTAMP.format((LocalDateTime) bound[i]);
                }
            }
            values.add(bound);
        }
        if (!values.isEmpty()) {
            database.insert(name, String.join(", ", columns()), values);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("table with key ")
                .append(keyShape.columns())
                .append(binaryText ? ", binary text" : ", default collation")
                .append(", ")
                .append(rows.size())
                .append(" rows ")
                .append(columns())
                .append(':');
        for (Row row : rows) {
            text.append("\n    (");
            List<Object> values = row.values();
            for (int i = 0; i < values.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(literal(values.get(i)));
            }
            text.append(')');
        }
        return text.toString();
    }

    /** A value as it would be written in SQL, so that trailing spaces and NULLs are visible. */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String || value instanceof LocalDateTime) {
            return "'" + value + "'";
        }
        return value.toString();
    }
}
