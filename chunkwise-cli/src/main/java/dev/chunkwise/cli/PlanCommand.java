package dev.chunkwise.cli;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.SortKey;
import dev.chunkwise.SqlCondition;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code chunkwise plan}: what a scan will do, without doing it: the key it seeks on, the SQL of
 * its first and next chunk, and the database's EXPLAIN of the next-chunk query, bound to the
 * position after the real first chunk (so the plan is the one the database will choose).
 */
@Command(
        name = "plan",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Show the key, the first and next chunk queries, and the database's EXPLAIN of the next one.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  chunkwise plan --table entry --order-by \"pub_date desc nulls last\"",
            "  chunkwise plan --url jdbc:postgresql://localhost:5432/blog --user app \\",
            "      --table entry --where \"blog_id = 7\" --chunk-size 5000"
        })
final class PlanCommand extends DatabaseCommand {

    @Mixin
    ScanOptions scanOptions;

    PlanCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        Database database = connection.database(console, false);
        Scan<Boolean> scan = scanOptions.build(database, row -> Boolean.TRUE);
        PrintStream out = console.out();
        OptionalLong estimate = scan.estimatedRowCount();
        out.println("table:          " + scan.quotedSource());
        out.println("key:            "
                + scan.order().stream().map(PlanCommand::describe).collect(Collectors.joining(", ")));
        out.println("chunk size:     " + scan.chunkSize());
        out.println("estimated rows: "
                + (estimate.isPresent() ? String.format(Locale.ROOT, "%,d", estimate.getAsLong()) : "unknown"));
        out.println("first chunk:    " + scan.firstChunkSql());
        out.println("next chunk:     " + scan.nextChunkSql());
        Position afterFirst = lastOfFirstChunk(scan);
        SqlCondition explained = afterFirst == null
                ? new SqlCondition(scan.firstChunkSql(), List.of())
                : scan.chunkQueryAfter(afterFirst);
        out.println(
                afterFirst == null
                        ? "EXPLAIN of the first chunk (the scan finds no rows):"
                        : "EXPLAIN of the next chunk, after the first chunk's last row " + afterFirst + ":");
        for (String line : explain(database, explained)) {
            out.println("  " + line);
        }
        return ExitCode.DONE;
    }

    private static String describe(SortKey key) {
        return key.column() + " " + key.direction()
                + (key.nulls() == SortKey.Nulls.DEFAULT ? "" : " NULLS " + key.nulls());
    }

    private static Position lastOfFirstChunk(Scan<Boolean> scan) {
        Position last = null;
        try (ScanIterator<Boolean> rows = scan.iterator()) {
            for (int read = 0; read < scan.chunkSize() && rows.hasNext(); read++) {
                rows.next();
                last = rows.position().orElseThrow();
            }
        }
        return last;
    }

    private static List<String> explain(Database database, SqlCondition query) {
        try (Connection connection = database.open()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String sql = (product.contains("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + query.sql();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                query.bind(statement, 1);
                try (ResultSet result = statement.executeQuery()) {
                    return lines(result);
                }
            }
        } catch (SQLException failure) {
            throw new ChunkwiseException("cannot EXPLAIN the next chunk query: " + failure.getMessage(), failure);
        }
    }

    /** A one-column plan line by line; a tabular plan (MariaDB, SQLite) as labelled rows. */
    private static List<String> lines(ResultSet result) throws SQLException {
        ResultSetMetaData metaData = result.getMetaData();
        int width = metaData.getColumnCount();
        List<String> lines = new ArrayList<>();
        if (width > 1) {
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                labels.add(metaData.getColumnLabel(i));
            }
            lines.add(String.join(" | ", labels));
        }
        while (result.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                values.add(String.valueOf(result.getString(i)));
            }
            String text = String.join(" | ", values);
            lines.addAll(List.of(text.split("\\R")));
        }
        return lines;
    }
}
