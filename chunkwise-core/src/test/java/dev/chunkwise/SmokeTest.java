package dev.chunkwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmokeTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void scansATableWithANullableSortColumnInChunks(TestDatabase database) {
        database.drop("smoke");
        database.execute("CREATE TABLE smoke (id " + database.bigint() + " PRIMARY KEY, grp " + database.integer()
                + ", name " + database.text(20) + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            rows.add(new Object[] {(long) i, i % 4 == 0 ? null : i % 3, "n" + i});
        }
        database.insert("smoke", "id, grp, name", rows);
        Scan<Long> scan = Scan.over(database.dataSource())
                .table("smoke")
                .orderBy("grp desc nulls last")
                .chunkSize(4)
                .build(row -> row.getLong("id"));
        List<Long> ids = new ArrayList<>();
        scan.forEach(ids::add);
        List<Object> expected = database.column(
                "SELECT id FROM smoke ORDER BY CASE WHEN grp IS NULL THEN 1 ELSE 0 END, grp DESC, id DESC");
        assertThat(ids).hasSize(25);
        assertThat(ids)
                .containsExactlyElementsOf(
                        expected.stream().map(v -> ((Number) v).longValue()).toList());
        System.out.println(database + ": " + scan.nextChunkSql());
    }
}
