package dev.chunkwise.testing;

import java.util.List;

/**
 * Three text column types per database, one per collation a property test orders by: a binary
 * one, a case-insensitive or linguistic one, and a third with its own rules (PostgreSQL ICU's
 * root, MariaDB's NO PAD binary, SQLite's RTRIM). PostgreSQL's case-insensitive collation is
 * nondeterministic and has to be created first ({@link #CREATE_POSTGRESQL_CASE_INSENSITIVE}).
 */
public final class TextCollations {

    /** Creates PostgreSQL's case-insensitive (nondeterministic, ICU) collation, if missing. */
    public static final String CREATE_POSTGRESQL_CASE_INSENSITIVE =
            "CREATE COLLATION IF NOT EXISTS prop_case_insensitive (provider = icu,"
                    + " locale = 'und-u-ks-level2', deterministic = false)";

    private TextCollations() {}

    /** The text type of collation {@code collation} (0, 1 or 2) on {@code database}. */
    public static String textType(TestDatabase database, int collation) {
        switch (database) {
            case POSTGRESQL:
                return "text COLLATE "
                        + List.of("\"C\"", "\"und-x-icu\"", "prop_case_insensitive")
                                .get(collation);
            case MARIADB:
            case MYSQL_DRIVER:
                return "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE "
                        + List.of("utf8mb4_general_ci", "utf8mb4_bin", "utf8mb4_nopad_bin")
                                .get(collation);
            case H2:
                return List.of("VARCHAR(20)", "VARCHAR_IGNORECASE(20)", "VARCHAR(20)")
                        .get(collation);
            default:
                return "TEXT COLLATE " + List.of("BINARY", "NOCASE", "RTRIM").get(collation);
        }
    }
}
