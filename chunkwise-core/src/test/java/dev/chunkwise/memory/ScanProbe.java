package dev.chunkwise.memory;

import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.stream.Stream;

/**
 * Run in a forked JVM with a small heap by {@link BoundedMemoryTest}: reads every row of
 * {@code mem_entry} and prints one result line, {@code rows=<n> peakHeapUsed=<bytes> heapMax=<bytes>},
 * or, when the heap runs out, {@code OutOfMemoryError: <message>} and exits with status
 * {@value #OUT_OF_MEMORY}.
 *
 * <p>Usage: {@code ScanProbe <TestDatabase name> chunkwise|naive <chunk size>}. {@code chunkwise}
 * streams the table with {@link Scan#stream()}; {@code naive} runs a plain {@code SELECT *} with the
 * driver's defaults, the way that buffers the whole result on PostgreSQL, MariaDB and MySQL drivers.
 */
public final class ScanProbe {

    static final int OUT_OF_MEMORY = 3;

    /** One row of mem_entry, every column mapped, so that the mapping itself costs what it would. */
    record Entry(long id, long blogId, LocalDateTime published, String title, String body, double score) {}

    private ScanProbe() {}

    public static void main(String[] arguments) throws SQLException {
        TestDatabase database = TestDatabase.valueOf(arguments[0]);
        String mode = arguments[1];
        int chunkSize = Integer.parseInt(arguments[2]);
        long rows;
        long checksum;
        try {
            if (mode.equals("chunkwise")) {
                Scan<Entry> scan = Scan.over(database.dataSource())
                        .table(BoundedMemoryTest.TABLE)
                        .chunkSize(chunkSize)
                        .build(row -> new Entry(
                                row.getLong(1),
                                row.getLong(2),
                                row.getObject(3, LocalDateTime.class),
                                row.getString(4),
                                row.getString(5),
                                row.getDouble(6)));
                long[] totals = new long[2];
                try (Stream<Entry> entries = scan.stream()) {
                    entries.forEach(entry -> {
                        totals[0]++;
                        totals[1] += entry.id() + entry.body().length();
                    });
                }
                rows = totals[0];
                checksum = totals[1];
            } else if (mode.equals("naive")) {
                rows = 0;
                checksum = 0;
                try (Connection connection = database.dataSource().getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT * FROM " + BoundedMemoryTest.TABLE)) {
                    while (result.next()) {
                        Entry entry = new Entry(
                                result.getLong(1),
                                result.getLong(2),
                                result.getObject(3, LocalDateTime.class),
                                result.getString(4),
                                result.getString(5),
                                result.getDouble(6));
                        rows++;
                        checksum += entry.id() + entry.body().length();
                    }
                }
            } else {
                throw new IllegalArgumentException("mode must be chunkwise or naive, got " + mode);
            }
        } catch (OutOfMemoryError exhausted) {
            System.out.println("OutOfMemoryError: " + exhausted.getMessage() + "; peakHeapUsed=" + peakHeapUsed()
                    + " heapMax=" + Runtime.getRuntime().maxMemory());
            System.exit(OUT_OF_MEMORY);
            return;
        }
        System.out.println("rows=" + rows + " peakHeapUsed=" + peakHeapUsed() + " heapMax="
                + Runtime.getRuntime().maxMemory() + " checksum=" + checksum);
    }

    /** The sum of the peak usage of every heap memory pool since the JVM started (an upper bound of the peak). */
    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
