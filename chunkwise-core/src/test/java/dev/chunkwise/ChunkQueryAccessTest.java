package dev.chunkwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accessors that let callers run their own statements over a scan's table and chunks. */
class ChunkQueryAccessTest {

    private static final TestDatabase DATABASE = TestDatabase.H2;

    private Scan<Long> scanOfTenRows() {
        DATABASE.drop("access_test");
        DATABASE.execute("CREATE TABLE access_test (id BIGINT PRIMARY KEY, name VARCHAR(20))");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 10; id++) {
            rows.add(new Object[] {id, "n" + id});
        }
        DATABASE.insert("access_test", "id, name", rows);
        return Scan.over(DATABASE.dataSource())
                .table("access_test")
                .chunkSize(3)
                .build(row -> row.getLong("id"));
    }

    @Test
    void quotedSourceNamesTheResolvedTable() {
        assertThat(scanOfTenRows().quotedSource()).isEqualTo("\"ACCESS_TEST\"");
    }

    @Test
    void chunkQueryAfterReturnsTheNextChunkWithItsBindValues() throws SQLException {
        Scan<Long> scan = scanOfTenRows();
        SqlCondition query = scan.chunkQueryAfter(scan.position(4L));
        assertThat(query.sql()).isEqualTo(scan.nextChunkSql());
        List<Long> ids = new ArrayList<>();
        try (Connection connection = DATABASE.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(query.sql())) {
            query.bind(statement, 1);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong("ID"));
                }
            }
        }
        assertThat(ids).containsExactly(5L, 6L, 7L);
    }

    @Test
    void chunkQueryAfterRefusesAPositionOfAnotherScan() {
        Scan<Long> scan = scanOfTenRows();
        Scan<Long> reversed =
                Scan.over(DATABASE.dataSource()).table("access_test").reverse().build(row -> row.getLong("id"));
        assertThatThrownBy(() -> scan.chunkQueryAfter(reversed.position(4L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
