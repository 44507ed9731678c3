package dev.chunkwise;

/**
 * A column of the rows a scan hands to its mapper, as the JDBC driver describes it (from the
 * chunk query's {@link java.sql.ResultSetMetaData}, read when the scan was built). The columns a
 * scan selects come first, in their order; key columns it had to add, and expressions that read a
 * key exactly, follow them and are not listed.
 *
 * <p>Immutable.
 *
 * @param label the column label
 * @param jdbcType the {@link java.sql.Types} code the driver reports
 * @param typeName the database type name the driver reports
 * @param precision the driver's precision (or length) of the column
 * @param scale the driver's scale of the column
 */
public record ScanColumn(String label, int jdbcType, String typeName, int precision, int scale) {}
