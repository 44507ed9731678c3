package dev.chunkwise.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table for plans and estimates: {@code id} the primary key, {@code grp} ({@code id % 10},
 * indexed with {@code id} after it) and {@code label} (unindexed, in no relation to {@code id}),
 * with fresh statistics.
 */
final class PlanFixture {

    static final String TABLE = "cli_plan_order";
    static final int ROWS = 20_000;
    /** {@code grp = 3}: a tenth of the rows. */
    static final int MATCHING = ROWS / 10;

    private PlanFixture() {}

    static void create(TestDatabase database) {
        database.drop(TABLE);
        database.execute(
                "CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, grp INTEGER NOT NULL,"
                        + " label " + database.text(20) + " NOT NULL)",
                "CREATE INDEX " + TABLE + "_grp ON " + TABLE + " (grp, id)");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            rows.add(new Object[] {id, (int) (id % 10), String.format("L%06d", id * 7919 % ROWS)});
        }
        database.insert(TABLE, "id, grp, label", rows);
        switch (database) {
            case POSTGRESQL:
                database.execute("ANALYZE " + TABLE);
                break;
            case MARIADB:
                database.execute("ANALYZE TABLE " + TABLE);
                break;
            case SQLITE:
                database.execute("ANALYZE");
                break;
            default:
                break;
        }
    }

    /** The number a report prints after {@code label}, thousands separators removed. */
    static long number(String report, String label) {
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(label) + " *([0-9,]+)").matcher(report);
        if (!matcher.find()) {
            throw new AssertionError("no '" + label + "' in:\n" + report);
        }
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
